package dev.cantila.engine.events;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.storage.Database;
import dev.cantila.webhooks.events.EventTypes;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a project's events from the webhook outbox ({@code webhook_events}), oldest first, after a cursor. Event
 * ids are time-ordered ({@code evt_} + 48 bits of epoch milliseconds + randomness, base32), so {@code id > ?} is
 * "after this one" and an id made from a bare instant ({@link #idAt}) is "from this time on". The payload is the
 * exact JSON body webhooks sign and send. Thread-safe.
 */
public final class EventLog {
    /** What a cursor (a {@code Last-Event-ID}) must look like. */
    static final Pattern EVENT_ID = Pattern.compile("evt_[0-9a-hjkmnp-tv-z]{26}");
    private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final String AFTER = "SELECT id, event_type, payload FROM webhook_events"
            + " WHERE project_id = ? AND id > ? ORDER BY id LIMIT ?";

    private final Database db;

    public EventLog(Database db) {
        this.db = db;
    }

    /** One stored event: its id (the SSE {@code id}), type (the SSE {@code event}) and JSON payload. */
    public record StoredEvent(String id, String type, String payload) {
    }

    /**
     * Up to {@code limit} events of {@code project} whose id is greater than {@code after}, oldest first, all
     * types: the caller filters ({@link #wanted}) after advancing its cursor over every row, so the SQL stays one
     * indexed range scan.
     */
    public List<StoredEvent> after(String project, String after, int limit) {
        return Database.list(db.exec(), AFTER, r -> new StoredEvent(Database.str(r, "id"),
                Database.str(r, "event_type"), Database.str(r, "payload")), project, after, limit);
    }

    /** Whether a subscriber to {@code patterns} (all types when empty) wants {@code event}. */
    static boolean wanted(List<String> patterns, StoredEvent event) {
        return patterns.isEmpty() || EventTypes.subscribed(patterns, event.type());
    }

    /** The smallest id an event created at {@code epochMillis} can have: a cursor meaning "from then on". */
    static String idAt(long epochMillis) {
        StringBuilder out = new StringBuilder("evt_");
        for (int shift = 45; shift >= 0; shift -= 5) {
            out.append(BASE32[(int) ((epochMillis >>> shift) & 31)]);
        }
        return out.append("0".repeat(16)).toString();
    }

    /** A client's cursor checked: an event id, or a 400 naming {@code field}. */
    static String cursor(String value, String field) {
        if (!EVENT_ID.matcher(value).matches()) {
            throw ApiException.invalid(field, field + " must be an event id (evt_ and 26 base32 characters), was '"
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
        }
        return value;
    }
}
