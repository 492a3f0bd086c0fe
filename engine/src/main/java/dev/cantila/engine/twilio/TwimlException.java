package dev.cantila.engine.twilio;

/**
 * A TwiML answer that cannot be run as written: not XML, an unknown verb, noun or attribute, a verb Cantila
 * refuses ({@code Enqueue}), a bad attribute value, or a URL that failed. The message is what the execution log
 * shows; on a call the caller hears the apology.
 */
public final class TwimlException extends RuntimeException {
    private final String outcome;

    public TwimlException(String message) {
        super(message);
        this.outcome = null;
    }

    /** A failure whose execution-log outcome is known (a function's run: {@code error}, {@code timeout}, …). */
    public static TwimlException withOutcome(String message, String outcome) {
        return new TwimlException(message, null, outcome);
    }

    private TwimlException(String message, Throwable cause, String outcome) {
        super(message, cause);
        this.outcome = outcome;
    }

    public TwimlException(String message, Throwable cause) {
        super(message, cause);
        this.outcome = null;
    }

    /**
     * The execution-log outcome of a run that failed with {@code failure}: {@code url_timeout}, {@code url_error}
     * (the request failed, was refused or answered non-2xx or too much) or {@code twiml_error} (the document).
     */
    public static String outcome(Throwable failure) {
        Throwable cause = failure.getCause() instanceof TwimlException t ? t : failure;
        if (cause instanceof TwimlException t && t.outcome != null) {
            return t.outcome;
        }
        if (cause.getCause() instanceof java.net.http.HttpTimeoutException) {
            return dev.cantila.engine.scripts.ExecutionOutcomes.URL_TIMEOUT;
        }
        boolean request = cause.getCause() != null || String.valueOf(cause.getMessage()).contains(" answered ");
        return request ? dev.cantila.engine.scripts.ExecutionOutcomes.URL_ERROR
                : dev.cantila.engine.scripts.ExecutionOutcomes.TWIML_ERROR;
    }
}
