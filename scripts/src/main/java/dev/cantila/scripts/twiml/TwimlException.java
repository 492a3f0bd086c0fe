package dev.cantila.scripts.twiml;

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

    /** The execution-log outcome this failure was created with, or null (the engine classifies it then). */
    public String outcome() {
        return outcome;
    }
}
