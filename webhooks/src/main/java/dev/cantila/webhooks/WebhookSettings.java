package dev.cantila.webhooks;

import dev.cantila.webhooks.outbound.TargetPolicy;

import java.time.Duration;
import java.util.Set;

/**
 * Delivery settings, read once by the engine from its {@code cantila.webhooks.*} configuration. The compact
 * constructor rejects nonsense naming the key and the bad value.
 *
 * @param connectTimeout TCP/TLS connect timeout per attempt ({@code connect-timeout}, default 5 s)
 * @param requestTimeout time from sending the request to the response headers ({@code request-timeout}, 10 s)
 * @param maxAttempts    attempts before a delivery is dead ({@code max-attempts}, 8)
 * @param backoffBase    delay ceiling after the first failure; doubles per failure ({@code backoff-base}, 2 s)
 * @param backoffCap     largest delay ceiling ({@code backoff-cap}, 10 min); the delay is uniform in [0, ceiling]
 * @param concurrency    deliveries in flight per worker ({@code concurrency}, 8); a slow endpoint holds one slot
 * @param pollInterval   how often an idle worker looks for due deliveries ({@code poll-interval}, 1 s)
 * @param lease          how long a claimed delivery stays reserved for its worker ({@code lease}, 60 s); must
 *                       exceed connect + request timeout, so a live worker always finishes before a takeover
 * @param eventTypes     the event types endpoints may subscribe to and the engine may emit ({@code event-types})
 * @param targets        which URLs endpoints may register and deliveries may reach (the engine's
 *                       {@code cantila.http.allow-private}); {@link TargetPolicy#strict()} by default
 */
public record WebhookSettings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration backoffBase,
                              Duration backoffCap, int concurrency, Duration pollInterval, Duration lease,
                              Set<String> eventTypes, TargetPolicy targets) {

    public static final Set<String> DEFAULT_EVENT_TYPES = Set.of("sms.inbound", "sms.status");

    public WebhookSettings {
        positive("connect-timeout", connectTimeout);
        positive("request-timeout", requestTimeout);
        positive("backoff-base", backoffBase);
        positive("poll-interval", pollInterval);
        positive("lease", lease);
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw invalid("backoff-cap", backoffCap, "must be at least backoff-base (" + backoffBase + ")");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw invalid("max-attempts", maxAttempts, "must be between 1 and 100");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw invalid("concurrency", concurrency, "must be between 1 and 256");
        }
        if (lease.compareTo(connectTimeout.plus(requestTimeout)) <= 0) {
            throw invalid("lease", lease, "must exceed connect-timeout + request-timeout ("
                    + connectTimeout.plus(requestTimeout) + ")");
        }
        for (String type : eventTypes) {
            if (!type.matches("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_.-]*")) {
                throw invalid("event-types", type, "each type must look like family.name, e.g. sms.inbound");
            }
        }
        eventTypes = Set.copyOf(eventTypes);
        java.util.Objects.requireNonNull(targets, "targets");
    }

    public static WebhookSettings defaults() {
        return new WebhookSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 8, Duration.ofSeconds(2),
                Duration.ofMinutes(10), 8, Duration.ofSeconds(1), Duration.ofSeconds(60), DEFAULT_EVENT_TYPES,
                TargetPolicy.strict());
    }

    /** These settings with another target policy (the engine's allow-list). */
    /** These settings with {@code more} event types besides the configured ones (each domain adds its own). */
    public WebhookSettings plusEventTypes(Set<String> more) {
        Set<String> types = new java.util.HashSet<>(eventTypes);
        types.addAll(more);
        return new WebhookSettings(connectTimeout, requestTimeout, maxAttempts, backoffBase, backoffCap, concurrency,
                pollInterval, lease, types, targets);
    }

    public WebhookSettings withTargets(TargetPolicy policy) {
        return new WebhookSettings(connectTimeout, requestTimeout, maxAttempts, backoffBase, backoffCap, concurrency,
                pollInterval, lease, eventTypes, policy);
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw invalid(key, value, "must be positive");
        }
    }

    private static IllegalArgumentException invalid(String key, Object value, String why) {
        return new IllegalArgumentException("cantila.webhooks." + key + " " + why + ", was " + value);
    }
}
