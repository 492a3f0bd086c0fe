package dev.cantila.webhooks.delivery;

import dev.cantila.webhooks.WebhookException;

/**
 * A delivery's state. {@code PENDING}: due, never tried (or redelivered); {@code FAILED}: the last attempt failed
 * and a retry is scheduled; {@code SUCCEEDED}: a 2xx arrived; {@code DEAD}: attempts ran out (or the endpoint was
 * deleted). Only PENDING and FAILED are claimed; only FAILED and DEAD may be redelivered.
 */
public enum DeliveryStatus {
    PENDING, FAILED, SUCCEEDED, DEAD;

    /** The state after an attempt that was the {@code attempts}-th of at most {@code maxAttempts}. */
    static DeliveryStatus afterAttempt(boolean succeeded, int attempts, int maxAttempts) {
        if (succeeded) {
            return SUCCEEDED;
        }
        return attempts >= maxAttempts ? DEAD : FAILED;
    }

    /** @throws WebhookException conflict {@code not_redeliverable} unless FAILED or DEAD */
    void requireRedeliverable(String deliveryId) {
        if (this != FAILED && this != DEAD) {
            throw WebhookException.conflict("not_redeliverable", "delivery " + deliveryId + " is " + db()
                    + "; only failed or dead deliveries can be redelivered");
        }
    }

    /** The value stored in {@code webhook_deliveries.status}. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String db() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static DeliveryStatus fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
