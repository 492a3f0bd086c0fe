package dev.cantila.webhooks.delivery;

import java.time.Instant;
import java.util.List;

/**
 * One event to one target, with its attempt log (oldest first).
 *
 * @param endpointId    the endpoint, or {@code null} for a per-message callback target
 * @param callbackUrl   the callback target's URL, or {@code null} for an endpoint delivery
 * @param nextAttemptAt when it is due, for PENDING and FAILED; {@code null} once SUCCEEDED or DEAD
 */
public record Delivery(String id, String projectId, String eventId, String eventType, String endpointId,
                       String callbackUrl, String resourceId, long sequence, DeliveryStatus status, int attempts,
                       Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt,
                       Instant updatedAt, List<Attempt> attemptLog) {
}
