package dev.cantila.webhooks.events;

import java.time.Instant;
import java.util.List;

/**
 * A stored event.
 *
 * @param payload     the exact JSON body every delivery sends and signs:
 *                    {@code {id, type, createdAt, projectId, sequence, resourceId, data}}
 * @param deliveryIds the deliveries created for it (endpoints first, then the callback target)
 */
public record Event(String id, String projectId, String type, String resourceId, long sequence, Instant createdAt,
                    String payload, List<String> deliveryIds) {
}
