package dev.cantila.webhooks.delivery;

import dev.cantila.webhooks.WebhookException;

import java.util.Optional;

/**
 * Filters for {@link Deliveries#list}: a project's deliveries, newest first, optionally of one endpoint, one event
 * or one status; {@code before} is a cursor (the last id of the previous page).
 */
public record DeliveryQuery(String projectId, Optional<String> endpointId, Optional<String> eventId,
                            Optional<DeliveryStatus> status, Optional<String> before, int limit) {
    public static final int MAX_LIMIT = 100;

    public DeliveryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw WebhookException.invalid("invalid_request", "limit",
                    "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    public static DeliveryQuery project(String projectId) {
        return new DeliveryQuery(projectId, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 50);
    }

    public DeliveryQuery endpoint(String id) {
        return new DeliveryQuery(projectId, Optional.of(id), eventId, status, before, limit);
    }

    public DeliveryQuery event(String id) {
        return new DeliveryQuery(projectId, endpointId, Optional.of(id), status, before, limit);
    }
}
