package dev.cantila.webhooks.endpoints;

import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint as the API shows it: never the secrets themselves, only hints and expiries.
 *
 * @param secrets the active secrets, newest first; during a rotation the previous one has an {@code expiresAt}
 */
public record Endpoint(String id, String projectId, String url, List<String> events, String description,
                       boolean active, List<SecretInfo> secrets, Instant createdAt, Instant updatedAt) {

    /**
     * One active signing secret.
     *
     * @param hint      the first characters, e.g. {@code whsec_3f9a…}, to tell secrets apart
     * @param expiresAt when it stops signing, or {@code null} for the current secret
     */
    public record SecretInfo(String hint, Instant createdAt, Instant expiresAt) {
    }
}
