package dev.cantila.engine.events;

import dev.cantila.engine.core.ApiException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the open streams per project and refuses one over {@code perProject} (429 {@code too_many_streams}), so
 * one project cannot hold every thread and connection of the server. A slot is held from {@link #open} until
 * {@link Slot#close}; a client that vanished without closing is found at the next heartbeat. Thread-safe.
 */
public final class EventStreams {
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final int perProject;
    private final long retryAfterSeconds;

    public EventStreams(int perProject, long retryAfterSeconds) {
        this.perProject = perProject;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A held slot; closing it twice frees it once. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** @throws ApiException 429 {@code too_many_streams} when the project already holds {@code perProject} */
    public Slot open(String project) {
        AtomicInteger count = open.computeIfAbsent(project, p -> new AtomicInteger());
        if (count.incrementAndGet() > perProject) {
            count.decrementAndGet();
            throw ApiException.rateLimited("too_many_streams", "project " + project + " already has " + perProject
                    + " event streams open on this server; close one (or wait for a dead one's heartbeat)", null,
                    retryAfterSeconds);
        }
        AtomicInteger once = new AtomicInteger();
        return () -> {
            if (once.getAndIncrement() == 0) {
                count.decrementAndGet();
            }
        };
    }

    /** Streams open now for {@code project}. */
    public int openFor(String project) {
        AtomicInteger count = open.get(project);
        return count == null ? 0 : count.get();
    }
}
