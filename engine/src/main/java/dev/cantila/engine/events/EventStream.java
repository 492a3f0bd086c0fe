package dev.cantila.engine.events;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One subscriber's server-sent events stream: the loop that polls the project's {@link EventLog} and writes each
 * new event as an SSE frame ({@code id:} the event id, {@code event:} its type, {@code data:} the webhook payload on
 * one line), a {@code : heartbeat} comment when nothing was written for {@code heartbeat}, and ends after
 * {@code maxDuration} (clients reconnect with {@code Last-Event-ID}, EventSource does so by itself).
 *
 * <p>Ordering and gaps. Event ids are time-ordered but made before their transaction commits, so an event can
 * become visible after a later id was already read. The loop therefore re-reads the last {@code overlap} of the
 * log on every poll and skips ids it has sent (remembered for that window): an event that commits within
 * {@code overlap} of its creation is never missed by a live stream; it can arrive after a later one. A resumed
 * stream starts strictly after its {@code Last-Event-ID}. A stream with no cursor starts at the present.
 *
 * <p>Threading: {@link #run} blocks the calling (virtual) thread for the stream's life and touches nothing shared
 * but the database; it returns when the client is gone (a write fails), the stream's time is up, or the thread
 * is interrupted (the interrupt flag is restored).
 */
public final class EventStream {
    /** How many rows one poll reads; a full page is followed at once by the next. */
    static final int BATCH = 200;

    /** Where frames go: writes and flushes one chunk; an IOException means the client is gone. */
    public interface Sink {
        void write(String chunk) throws IOException;
    }

    /** Waits between polls; production sleeps, tests step. */
    public interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    /**
     * @param poll        time between two reads of the log when it had nothing more
     * @param heartbeat   a comment after this long without a write (keeps proxies from closing an idle stream,
     *                    and finds a client that left)
     * @param maxDuration the stream ends after this long (by the injected clock)
     * @param overlap     how far back each poll re-reads for late commits
     * @param perProject  streams one project may hold open at once (on this instance)
     */
    public record Options(Duration poll, Duration heartbeat, Duration maxDuration, Duration overlap, int perProject) {
        public static Options defaults() {
            return new Options(Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofMinutes(30),
                    Duration.ofSeconds(2), 5);
        }
    }

    private final EventLog log;
    private final Clock clock;
    private final Options options;
    private final Pause pause;

    public EventStream(EventLog log, Clock clock, Options options, Pause pause) {
        this.log = log;
        this.clock = clock;
        this.options = options;
        this.pause = pause;
    }

    /**
     * Streams {@code project}'s events of {@code patterns} (all when empty) after {@code cursor} (an event id, or
     * null: from now) to {@code sink} until the client leaves or the time is up.
     *
     * @return how many events were written
     */
    public int run(String project, String cursor, List<String> patterns, Sink sink) {
        long start = clock.millis();
        String floor = cursor != null ? cursor : EventLog.idAt(start);
        Map<String, Boolean> sent = new LinkedHashMap<>();
        String low = floor;
        int written = 0;
        long lastWrite = start;
        try {
            sink.write("retry: 2000\n: stream of " + project + "\n\n");
            while (clock.millis() - start < options.maxDuration().toMillis()) {
                List<EventLog.StoredEvent> batch = log.after(project, low, BATCH);
                for (EventLog.StoredEvent e : batch) {
                    if (sent.putIfAbsent(e.id(), Boolean.TRUE) == null && EventLog.wanted(patterns, e)) {
                        sink.write("id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + e.payload() + "\n\n");
                        written++;
                        lastWrite = clock.millis();
                    }
                }
                if (batch.size() == BATCH) {
                    low = batch.getLast().id();
                    continue;
                }
                low = max(floor, EventLog.idAt(clock.millis() - options.overlap().toMillis()));
                String keepFrom = low;
                sent.keySet().removeIf(id -> id.compareTo(keepFrom) <= 0);
                if (clock.millis() - lastWrite >= options.heartbeat().toMillis()) {
                    sink.write(": heartbeat\n\n");
                    lastWrite = clock.millis();
                }
                pause.pause(options.poll());
            }
        } catch (IOException gone) {
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return written;
    }

    private static String max(String a, String b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
