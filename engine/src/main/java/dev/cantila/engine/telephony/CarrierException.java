package dev.cantila.engine.telephony;

/**
 * The provider refused a message. {@code retryable} (throughput exceeded, provider busy): the engine requeues it
 * after {@code retryAfterMillis}; otherwise the message fails with {@code code}.
 */
public final class CarrierException extends RuntimeException {
    private final String code;
    private final boolean retryable;
    private final long retryAfterMillis;

    public CarrierException(String code, String message, boolean retryable, long retryAfterMillis) {
        super(message);
        this.code = code;
        this.retryable = retryable;
        this.retryAfterMillis = retryAfterMillis;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
