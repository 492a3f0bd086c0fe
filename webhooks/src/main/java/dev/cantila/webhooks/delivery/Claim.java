package dev.cantila.webhooks.delivery;

import java.util.List;

/**
 * A delivery reserved for one worker until its lease ends, with everything needed to send it.
 *
 * @param endpointId the endpoint, or {@code null} for a callback target
 */
record Claim(String deliveryId, String leaseToken, String eventId, String eventType, String payload, String url,
             List<String> secrets, int attempts, boolean redelivery, String endpointId) {

    Claim withSecrets(List<String> activeSecrets) {
        return new Claim(deliveryId, leaseToken, eventId, eventType, payload, url, List.copyOf(activeSecrets), attempts,
                redelivery, endpointId);
    }
}
