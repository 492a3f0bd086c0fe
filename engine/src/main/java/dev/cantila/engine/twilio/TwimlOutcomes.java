package dev.cantila.engine.twilio;

import dev.cantila.engine.scripts.ExecutionOutcomes;
import dev.cantila.scripts.twiml.TwimlException;

/** How a failed TwiML run is named in the execution log. */
public final class TwimlOutcomes {
    private TwimlOutcomes() {
    }

    /**
     * The execution-log outcome of a run that failed with {@code failure}: the outcome it carries (a function's run:
     * {@code error}, {@code timeout}, …), else {@code url_timeout}, {@code url_error} (the request failed, was
     * refused or answered non-2xx or too much) or {@code twiml_error} (the document).
     */
    public static String of(Throwable failure) {
        Throwable cause = failure.getCause() instanceof TwimlException t ? t : failure;
        if (cause instanceof TwimlException t && t.outcome() != null) {
            return t.outcome();
        }
        if (cause.getCause() instanceof java.net.http.HttpTimeoutException) {
            return ExecutionOutcomes.URL_TIMEOUT;
        }
        boolean request = cause.getCause() != null || String.valueOf(cause.getMessage()).contains(" answered ");
        return request ? ExecutionOutcomes.URL_ERROR : ExecutionOutcomes.TWIML_ERROR;
    }
}
