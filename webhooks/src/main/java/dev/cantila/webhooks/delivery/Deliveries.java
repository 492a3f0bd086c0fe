package dev.cantila.webhooks.delivery;

import dev.cantila.webhooks.WebhookException;
import dev.cantila.webhooks.storage.Jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The delivery log (with attempts) and manual redelivery, scoped to a project. Thread-safe. */
public final class Deliveries {
    private static final String SELECT = "SELECT d.*, v.event_type FROM webhook_deliveries d"
            + " JOIN webhook_events v ON v.id = d.event_id WHERE d.project_id = ?";

    private final Jdbc jdbc;
    private final Clock clock;

    public Deliveries(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Newest first, filtered as {@code query} says, each with its attempt log. */
    public List<Delivery> list(DeliveryQuery query) {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> args = new ArrayList<>(List.of(query.projectId()));
        query.endpointId().ifPresent(id -> filter(sql, args, " AND d.endpoint_id = ?", id));
        query.eventId().ifPresent(id -> filter(sql, args, " AND d.event_id = ?", id));
        query.status().ifPresent(s -> filter(sql, args, " AND d.status = ?", s.db()));
        query.before().ifPresent(id -> filter(sql, args, " AND d.id < ?", id));
        sql.append(" ORDER BY d.id DESC LIMIT ?");
        args.add(query.limit());
        return jdbc.inTransaction(c -> withAttempts(c, Jdbc.query(c, sql.toString(), Deliveries::row, args.toArray())));
    }

    /** @throws WebhookException not found when the delivery does not exist in this project */
    public Delivery get(String projectId, String deliveryId) {
        return jdbc.inTransaction(c -> load(c, projectId, deliveryId));
    }

    /**
     * Makes a failed or dead delivery due now. Its next attempt is logged as a redelivery; a dead one that fails
     * again is dead again after that one attempt, a failed one continues its retry schedule.
     *
     * @throws WebhookException not found, or conflict {@code not_redeliverable} when pending or succeeded
     */
    public Delivery redeliver(String projectId, String deliveryId) {
        long now = clock.millis();
        return jdbc.inTransaction(c -> {
            load(c, projectId, deliveryId).status().requireRedeliverable(deliveryId);
            int updated = Jdbc.update(c, "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?,"
                    + " redelivery = TRUE, updated_at = ? WHERE id = ? AND status IN ('failed', 'dead')"
                    + " AND (lease_until IS NULL OR lease_until <= ?)", now, now, deliveryId, now);
            if (updated == 0) {
                throw WebhookException.conflict("not_redeliverable", "delivery " + deliveryId
                        + " is being attempted right now; try again when the attempt is logged");
            }
            return load(c, projectId, deliveryId);
        });
    }

    private static void filter(StringBuilder sql, List<Object> args, String condition, Object value) {
        sql.append(condition);
        args.add(value);
    }

    private static Delivery load(Connection c, String projectId, String deliveryId) throws SQLException {
        List<Delivery> found = Jdbc.query(c, SELECT + " AND d.id = ?", Deliveries::row, projectId, deliveryId);
        if (found.isEmpty()) {
            throw WebhookException.notFound("webhook delivery", deliveryId);
        }
        return withAttempts(c, found).getFirst();
    }

    private static List<Delivery> withAttempts(Connection c, List<Delivery> deliveries) throws SQLException {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<String, List<Attempt>> attempts = new HashMap<>();
        Jdbc.query(c, "SELECT * FROM webhook_attempts WHERE delivery_id IN (" + Jdbc.placeholders(deliveries.size())
                        + ") ORDER BY attempted_at, id",
                rs -> attempts.computeIfAbsent(rs.getString("delivery_id"), k -> new ArrayList<>()).add(attempt(rs)),
                deliveries.stream().map(Delivery::id).toArray());
        return deliveries.stream().map(d -> new Delivery(d.id(), d.projectId(), d.eventId(), d.eventType(),
                d.endpointId(), d.callbackUrl(), d.resourceId(), d.sequence(), d.status(), d.attempts(),
                d.nextAttemptAt(), d.lastStatusCode(), d.lastError(), d.createdAt(), d.updatedAt(),
                List.copyOf(attempts.getOrDefault(d.id(), List.of())))).toList();
    }

    private static Delivery row(ResultSet rs) throws SQLException {
        DeliveryStatus status = DeliveryStatus.fromDb(rs.getString("status"));
        boolean open = status == DeliveryStatus.PENDING || status == DeliveryStatus.FAILED;
        Long code = Jdbc.nullableLong(rs, "last_status_code");
        return new Delivery(rs.getString("id"), rs.getString("project_id"), rs.getString("event_id"),
                rs.getString("event_type"), rs.getString("endpoint_id"), rs.getString("callback_url"),
                rs.getString("resource_id"), rs.getLong("seq"), status, rs.getInt("attempts"),
                open ? Instant.ofEpochMilli(rs.getLong("next_attempt_at")) : null,
                code == null ? null : code.intValue(), rs.getString("last_error"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")), List.of());
    }

    private static Attempt attempt(ResultSet rs) throws SQLException {
        Long code = Jdbc.nullableLong(rs, "status_code");
        return new Attempt(Instant.ofEpochMilli(rs.getLong("attempted_at")), code == null ? null : code.intValue(),
                rs.getString("error"), Duration.ofMillis(rs.getLong("duration_ms")), rs.getBoolean("redelivery"));
    }
}
