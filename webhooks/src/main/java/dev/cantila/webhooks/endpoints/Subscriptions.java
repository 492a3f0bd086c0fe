package dev.cantila.webhooks.endpoints;

import dev.cantila.webhooks.events.EventTypes;
import dev.cantila.webhooks.storage.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which active endpoints of a project subscribe to which event types, cached per project: the outbox asks for
 * every event it stores (several per SMS), and most projects have no endpoint or the same few for days. Without
 * the cache each event costs a query of {@code webhook_endpoints}.
 *
 * <p>Freshness: {@link Endpoints} drops a project's entry when one of its endpoints is created, changed or deleted,
 * before the API answers, so on this engine an event emitted after that answer sees the change. An entry is also
 * reloaded once it is {@link #MAX_AGE_MS} old, which bounds how long a change made through another engine
 * instance on the same database goes unseen here. A load racing an invalidation is not kept (generation check),
 * so a stale list cannot overwrite the drop. Thread-safe.
 */
public final class Subscriptions {
    /** How long a cached list may serve before it is read again (changes made by other engine instances). */
    public static final long MAX_AGE_MS = 1_000;

    private record Entry(List<Map.Entry<String, List<String>>> endpoints, long loadedAt) {
    }

    private final Clock clock;
    private final Map<String, Entry> byProject = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public Subscriptions(Clock clock) {
        this.clock = clock;
    }

    /** The active endpoints of {@code projectId} subscribed to {@code type}, as ids in id order. */
    public List<String> subscribers(Connection c, String projectId, String type) throws SQLException {
        long now = clock.millis();
        Entry e = byProject.get(projectId);
        if (e == null || now - e.loadedAt() >= MAX_AGE_MS || now < e.loadedAt()) {
            long g = generation.get();
            e = new Entry(Jdbc.query(c, "SELECT id, event_types FROM webhook_endpoints"
                    + " WHERE project_id = ? AND active = TRUE ORDER BY id", rs -> Map.entry(rs.getString("id"),
                    Arrays.asList(rs.getString("event_types").split(" "))), projectId), now);
            if (generation.get() == g) {
                byProject.put(projectId, e);
            }
        }
        return e.endpoints().stream().filter(s -> EventTypes.subscribed(s.getValue(), type)).map(Map.Entry::getKey)
                .toList();
    }

    /** Forgets what {@code projectId} subscribes to; the next event reads it again. */
    void invalidate(String projectId) {
        generation.incrementAndGet();
        byProject.remove(projectId);
    }
}
