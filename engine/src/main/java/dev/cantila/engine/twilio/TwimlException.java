package dev.cantila.engine.twilio;

/**
 * A TwiML answer that cannot be run as written: not XML, an unknown verb, noun or attribute, a verb Cantila
 * refuses ({@code Enqueue}), a bad attribute value, or a URL that failed. The message is what the execution log
 * shows; on a call the caller hears the apology.
 */
public final class TwimlException extends RuntimeException {
    public TwimlException(String message) {
        super(message);
    }

    public TwimlException(String message, Throwable cause) {
        super(message, cause);
    }
}
