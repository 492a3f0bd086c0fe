package dev.cantila.engine.conference;

import dev.cantila.scripts.twiml.StatusCallback;
import dev.cantila.engine.storage.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Twilio's conference status callbacks: in the transaction of each move, a subscribed event takes the next
 * {@code SequenceNumber} from the conference row and becomes a {@link Post} with Twilio's form parameters; after
 * the commit the posts go out through the {@link StatusCallback.Sender} (signed, SSRF-guarded), one conference's in order.
 *
 * <p>Best effort, not the outbox: Twilio itself posts these once, without retries, and an app reads them as a live
 * feed (who joined, who left); a retried {@code participant-join} minutes later would mislead more than a missing
 * one. What is durable is the state they announce (the API and the {@code conference.*} webhooks, which do go
 * through the outbox). A post that fails is logged with its conference, event and URL. Sequence numbers are
 * gap-free per conference across engine instances (they come from the locked row), so an app sees a loss.
 */
final class TwilioCallbacks {
    private static final Logger LOG = Logger.getLogger(TwilioCallbacks.class.getName());
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z",
            Locale.US).withZone(ZoneOffset.UTC);
    private static final ExecutorService SENDS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cantila-conference-callback-", 0).factory());

    /** One callback to send after the commit. */
    record Post(String projectId, String conferenceId, String url, String method, Map<String, String> params) {
    }

    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final java.time.Clock clock;
    private volatile StatusCallback.Sender sender = (projectId, url, method, params) -> {
        throw new IllegalStateException("no sender for conference status callbacks");
    };

    TwilioCallbacks(java.time.Clock clock) {
        this.clock = clock;
    }

    void sender(StatusCallback.Sender s) {
        this.sender = s;
    }

    /** Stores the callback on the conference unless an earlier participant set one. */
    static void register(Connection c, String conferenceId, StatusCallback cb) throws SQLException {
        if (cb != null) {
            Database.update(c, "UPDATE conferences SET status_callback = ?, status_callback_method = ?,"
                    + " status_callback_events = ? WHERE id = ? AND status_callback IS NULL", cb.url(), cb.method(),
                    String.join(" ", cb.events().stream().sorted().toList()), conferenceId);
        }
    }

    /**
     * A move of the locked conference: adds the post to {@code out} when the conference subscribed to {@code event}
     * (start, end, join, leave, mute).
     */
    void collect(Connection c, String projectId, String event, Conference conf, Participant p, List<Post> out) throws SQLException {
        var row = Database.one(c, "SELECT status_callback, status_callback_method, status_callback_events"
                + " FROM conferences WHERE id = ?", r -> new String[]{(String) r.apply("status_callback"),
                (String) r.apply("status_callback_method"), (String) r.apply("status_callback_events")}, conf.id());
        if (row.isEmpty() || row.get()[0] == null || !Set.of(row.get()[2].split(" ")).contains(event)) {
            return;
        }
        Database.update(c, "UPDATE conferences SET callback_sequence = callback_sequence + 1 WHERE id = ?", conf.id());
        long seq = Database.one(c, "SELECT callback_sequence FROM conferences WHERE id = ?",
                r -> ((Number) r.apply("callback_sequence")).longValue(), conf.id()).orElseThrow();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ConferenceSid", conf.id());
        params.put("FriendlyName", conf.name());
        params.put("StatusCallbackEvent", wire(event, p));
        params.put("Timestamp", RFC_2822.format(clock.instant()));
        params.put("SequenceNumber", String.valueOf(seq));
        if (p != null) {
            params.put("CallSid", p.callId());
            params.put("Muted", String.valueOf(p.muted()));
            params.put("Hold", "false");
            params.put("Coaching", "false");
            params.put("StartConferenceOnEnter", String.valueOf(p.startOnEnter()));
            params.put("EndConferenceOnExit", String.valueOf(p.endOnExit()));
        }
        if (event.equals("end") && conf.endReason() != null) {
            params.put("ReasonConferenceEnded", conf.endReason().equals("participant-ended-conference")
                    ? "participant-with-end-conference-on-exit-left" : conf.endReason());
        }
        out.add(new Post(projectId, conf.id(), row.get()[0], row.get()[1], params));
    }

    /** After the commit: each conference's posts one after another, in sequence order. */
    void send(List<Post> posts) {
        for (Post p : posts) {
            CompletableFuture<Void> next = tails.compute(p.conferenceId(), (id, tail) -> (tail == null
                    ? CompletableFuture.<Void>completedFuture(null) : tail).thenRunAsync(() -> post(p), SENDS));
            next.whenComplete((v, e) -> tails.remove(p.conferenceId(), next));
        }
    }

    private void post(Post p) {
        try {
            sender.send(p.projectId(), p.url(), p.method(), p.params());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "conference " + p.conferenceId() + ": status callback "
                    + p.params().get("StatusCallbackEvent") + " #" + p.params().get("SequenceNumber") + " to "
                    + p.url() + " failed: " + e.getMessage());
        }
    }

    private static String wire(String event, Participant p) {
        return switch (event) {
            case "start" -> "conference-start";
            case "end" -> "conference-end";
            case "mute" -> p != null && !p.muted() ? "participant-unmute" : "participant-mute";
            default -> "participant-" + event;
        };
    }

}
