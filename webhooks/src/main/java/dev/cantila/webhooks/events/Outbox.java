package dev.cantila.webhooks.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cantila.webhooks.WebhookException;
import dev.cantila.webhooks.endpoints.Subscriptions;
import dev.cantila.webhooks.endpoints.WebhookUrls;
import dev.cantila.webhooks.storage.Ids;
import dev.cantila.webhooks.storage.Jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores events and their deliveries: the transactional outbox. An event and all of its deliveries are written in
 * one transaction, so an event the engine committed is always delivered, and a rolled-back one never is.
 * <p>
 * Sequence numbers: {@code webhook_sequences} holds the last number per (project, resource). The UPDATE that
 * increments it row-locks the counter until the emitting transaction ends, so concurrent emits for one resource,
 * from any engine instance, get consecutive numbers and commit in that order. Thread-safe.
 */
public final class Outbox {
    private final Jdbc jdbc;
    private final Clock clock;
    private final Ids ids;
    private final EventTypes types;
    private final ObjectMapper json;
    private final Subscriptions subscriptions;
    private volatile Boolean postgres;

    public Outbox(Jdbc jdbc, Clock clock, Ids ids, EventTypes types, ObjectMapper json, Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
        this.jdbc = jdbc;
        this.clock = clock;
        this.ids = ids;
        this.types = types;
        this.json = json;
    }

    /** Emits in a transaction of its own. */
    public Event emit(NewEvent event) {
        validate(event);
        return jdbc.inTransaction(c -> insert(c, event));
    }

    /**
     * Emits inside the caller's transaction on {@code connection} (auto-commit off): nothing is visible to the
     * delivery worker until the caller commits, and a rollback drops the event with the caller's own writes.
     */
    public Event emit(Connection connection, NewEvent event) {
        validate(event);
        try {
            return insert(connection, event);
        } catch (SQLException e) {
            throw new IllegalStateException("webhooks: cannot store " + event.type() + " event for "
                    + event.resourceId() + " of project " + event.projectId() + ": " + e.getMessage(), e);
        }
    }

    private void validate(NewEvent event) {
        types.requireKnown(event.type());
        requireText(event.projectId(), "projectId", 40);
        requireText(event.resourceId(), "resourceId", 100);
        event.callback().ifPresent(cb -> {
            WebhookUrls.require(cb.url(), "statusCallback");
            if (cb.secrets().isEmpty()) {
                throw WebhookException.invalid("invalid_request", "statusCallback",
                        "a callback target needs at least one signing secret");
            }
        });
    }

    private Event insert(Connection c, NewEvent event) throws SQLException {
        long now = clock.millis();
        long sequence = nextSequence(c, event.projectId(), event.resourceId());
        String eventId = ids.next("evt");
        String payload = payload(eventId, event, sequence, now);
        Jdbc.update(c, "INSERT INTO webhook_events (id, project_id, event_type, resource_id, seq, payload, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                eventId, event.projectId(), event.type(), event.resourceId(), sequence, payload, now);
        List<String> deliveryIds = new ArrayList<>();
        for (String endpointId : subscriptions.subscribers(c, event.projectId(), event.type())) {
            deliveryIds.add(insertDelivery(c, eventId, event, sequence, new Target(endpointId, endpointId, null, null), now));
        }
        if (event.callback().isPresent()) {
            CallbackTarget cb = event.callback().get();
            String url = cb.url().strip();
            Target target = new Target(null, callbackLane(event.projectId(), url), url, String.join(" ", cb.secrets()));
            deliveryIds.add(insertDelivery(c, eventId, event, sequence, target, now));
        }
        return new Event(eventId, event.projectId(), event.type(), event.resourceId(), sequence,
                Instant.ofEpochMilli(now), payload, List.copyOf(deliveryIds));
    }

    private record Target(String endpointId, String lane, String callbackUrl, String callbackSecrets) {
    }

    private String insertDelivery(Connection c, String eventId, NewEvent event, long sequence, Target target, long now)
            throws SQLException {
        String id = ids.next("dlv");
        Jdbc.update(c, "INSERT INTO webhook_deliveries (id, project_id, event_id, endpoint_id, callback_url,"
                        + " callback_secrets, lane, resource_id, seq, status, attempts, next_attempt_at, redelivery,"
                        + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, FALSE, ?, ?)",
                id, event.projectId(), eventId, target.endpointId(), target.callbackUrl(), target.callbackSecrets(),
                target.lane(), event.resourceId(), sequence, now, now, now);
        return id;
    }

    /**
     * Increments the counter under its row lock, or, for a resource's first event, inserts it at 1. PostgreSQL: one
     * upsert that returns the number. H2 (no {@code ON CONFLICT DO UPDATE}): the insert first — most events are
     * their resource's first (an inbound message, a reply's {@code sent}) — and, when the row exists, the increment
     * read back from its {@code FINAL TABLE} in the same statement: one statement for a first event, two after.
     */
    private long nextSequence(Connection c, String projectId, String resourceId) throws SQLException {
        if (postgres(c)) {
            return Jdbc.queryOne(c, "INSERT INTO webhook_sequences (project_id, resource_id, last_sequence)"
                            + " VALUES (?, ?, 1) ON CONFLICT (project_id, resource_id) DO UPDATE"
                            + " SET last_sequence = webhook_sequences.last_sequence + 1 RETURNING last_sequence",
                    rs -> rs.getLong(1), projectId, resourceId).orElseThrow();
        }
        if (Jdbc.update(c, "INSERT INTO webhook_sequences (project_id, resource_id, last_sequence) VALUES (?, ?, 1)"
                + " ON CONFLICT DO NOTHING", projectId, resourceId) == 1) {
            return 1;
        }
        return Jdbc.queryOne(c, "SELECT last_sequence FROM FINAL TABLE (UPDATE webhook_sequences"
                        + " SET last_sequence = last_sequence + 1 WHERE project_id = ? AND resource_id = ?)",
                        rs -> rs.getLong(1), projectId, resourceId)
                .orElseThrow(() -> new IllegalStateException("webhooks: sequence counter for " + resourceId + " vanished"));
    }

    /** Whether the outbox's database is PostgreSQL (else H2); asked once, from the first connection. */
    private boolean postgres(Connection c) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            known = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            postgres = known;
        }
        return known;
    }

    private String payload(String eventId, NewEvent event, long sequence, long now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", eventId);
        body.put("type", event.type());
        body.put("createdAt", Instant.ofEpochMilli(now).toString());
        body.put("projectId", event.projectId());
        body.put("sequence", sequence);
        body.put("resourceId", event.resourceId());
        body.put("data", event.data());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("webhooks: the data of " + event.type() + " event for "
                    + event.resourceId() + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Orders callback deliveries per project and URL; hashed because URLs are longer than a lane. */
    private static String callbackLane(String projectId, String url) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((projectId + " " + url).getBytes(StandardCharsets.UTF_8));
            return "cb_" + HexFormat.of().formatHex(hash, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    private static void requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank() || value.length() > maxLength) {
            throw WebhookException.invalid("invalid_request", field,
                    field + " must be 1 to " + maxLength + " characters, was " + (value == null ? "null" : "'" + value + "'"));
        }
    }
}
