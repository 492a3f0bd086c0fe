package dev.cantila.webhooks.signing;

/** A {@code Cantila-Signature} that does not verify; {@link #reason()} says why, the message says how. */
public final class SignatureException extends RuntimeException {

    /** Why verification failed. */
    public enum Reason {
        /** No header, or an empty one. */
        MISSING_HEADER,
        /** Not {@code t=…,v1=…}: a missing or non-numeric timestamp, or a part without {@code =}. */
        MALFORMED_HEADER,
        /** A well-formed header with no {@code v1=} signature. */
        NO_SIGNATURE,
        /** The timestamp is further from the receiver's clock than the tolerance, in either direction. */
        TIMESTAMP_OUTSIDE_TOLERANCE,
        /** No {@code v1=} matches any of the receiver's secrets: wrong secret, or the body was changed. */
        NO_MATCH
    }

    private final Reason reason;

    SignatureException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
