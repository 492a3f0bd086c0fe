package dev.cantila.webhooks.delivery;

import dev.cantila.webhooks.endpoints.Endpoints;
import dev.cantila.webhooks.storage.Ids;
import dev.cantila.webhooks.storage.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The worker's SQL: claiming due deliveries under a lease and recording attempts. Claiming locks candidate rows
 * with {@code FOR UPDATE SKIP LOCKED}, so concurrent workers pick disjoint rows, and then sets the lease with a
 * conditional UPDATE, which is what finally decides ownership (also where SKIP LOCKED is weaker). A delivery is a
 * candidate when it is due, not leased (or its lease expired: its worker died), its endpoint is active, and no
 * earlier sequence of the same resource in the same lane is still pending or failed.
 */
final class Claims {
    private static final System.Logger LOG = System.getLogger(Claims.class.getName());
    private static final String CANDIDATES = "SELECT d.id FROM webhook_deliveries d"
            + " WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= ?"
            + " AND (d.lease_until IS NULL OR d.lease_until <= ?)"
            + " AND (d.endpoint_id IS NULL OR EXISTS (SELECT 1 FROM webhook_endpoints e"
            + "      WHERE e.id = d.endpoint_id AND e.active = TRUE))"
            + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.lane = d.lane"
            + "      AND p.resource_id = d.resource_id AND p.seq < d.seq AND p.status IN ('pending', 'failed'))"
            + " ORDER BY d.next_attempt_at, d.id LIMIT ? FOR UPDATE SKIP LOCKED";

    private final Jdbc jdbc;
    private final Clock clock;
    private final Ids ids;
    private final Duration lease;
    private final int maxAttempts;
    private final Backoff backoff;

    Claims(Jdbc jdbc, Clock clock, Duration lease, int maxAttempts, Backoff backoff) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /** Claims up to {@code max} due deliveries for this worker. */
    List<Claim> claim(int max) {
        long now = clock.millis();
        String token = ids.next("lse");
        return jdbc.inTransaction(c -> {
            List<Claim> out = new ArrayList<>();
            for (String id : Jdbc.query(c, CANDIDATES, rs -> rs.getString(1), now, now, max)) {
                int won = Jdbc.update(c, "UPDATE webhook_deliveries SET lease_token = ?, lease_until = ? WHERE id = ?"
                        + " AND status IN ('pending', 'failed') AND (lease_until IS NULL OR lease_until <= ?)",
                        token, now + lease.toMillis(), id, now);
                if (won == 1) {
                    load(c, id, token, now).ifPresent(out::add);
                }
            }
            return out;
        });
    }

    /** The claim with its target: the endpoint's current URL and active secrets, or the stored callback target. */
    private Optional<Claim> load(Connection c, String id, String token, long now) throws SQLException {
        Optional<Claim> claim = Jdbc.queryOne(c, "SELECT d.id, d.event_id, d.endpoint_id, d.callback_url,"
                + " d.callback_secrets, d.attempts, d.redelivery, v.event_type, v.payload, e.url"
                + " FROM webhook_deliveries d JOIN webhook_events v ON v.id = d.event_id"
                + " LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = ?", rs -> {
                    boolean callback = rs.getString("endpoint_id") == null;
                    return new Claim(rs.getString("id"), token, rs.getString("event_id"), rs.getString("event_type"),
                            rs.getString("payload"), rs.getString(callback ? "callback_url" : "url"),
                            callback ? Arrays.asList(rs.getString("callback_secrets").split(" ")) : null,
                            rs.getInt("attempts"), rs.getBoolean("redelivery"), rs.getString("endpoint_id"));
                }, id);
        if (claim.isPresent() && claim.get().endpointId() != null) {
            return Optional.of(claim.get().withSecrets(Endpoints.activeSecrets(c, claim.get().endpointId(), now)));
        }
        return claim;
    }

    /** Logs the attempt and moves the delivery on: succeeded, failed with the next retry time, or dead. */
    void record(Claim claim, long attemptedAt, Outcome outcome) {
        long now = clock.millis();
        int attempts = claim.attempts() + 1;
        DeliveryStatus status = DeliveryStatus.afterAttempt(outcome.succeeded(), attempts, maxAttempts);
        long next = status == DeliveryStatus.FAILED ? now + backoff.delayAfter(attempts).toMillis() : now;
        jdbc.inTransaction(c -> {
            int updated = Jdbc.update(c, "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?,"
                            + " lease_token = NULL, lease_until = NULL, last_status_code = ?, last_error = ?,"
                            + " redelivery = FALSE, updated_at = ? WHERE id = ? AND lease_token = ?",
                    status.db(), attempts, next, outcome.statusCode(), truncate(outcome.error()), now,
                    claim.deliveryId(), claim.leaseToken());
            if (updated == 0) {
                LOG.log(System.Logger.Level.WARNING, "webhook delivery {0}: lease {1} was taken over before attempt {2}"
                        + " finished ({3}); the attempt is logged, the state is left to the new owner",
                        claim.deliveryId(), claim.leaseToken(), attempts, outcome);
            }
            return Jdbc.update(c, "INSERT INTO webhook_attempts (id, delivery_id, attempted_at, status_code, error,"
                            + " duration_ms, redelivery) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    ids.next("att"), claim.deliveryId(), attemptedAt, outcome.statusCode(), truncate(outcome.error()),
                    outcome.duration().toMillis(), claim.redelivery());
        });
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 999) + "…";
    }
}
