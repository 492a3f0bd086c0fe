package dev.cantila.engine.conference;

import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.events.NewEvent;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code conference.*} webhook events, written to the outbox in the transaction of the move they announce:
 * {@code conference.start}, {@code conference.end}, {@code conference.participant-join},
 * {@code conference.participant-leave}, {@code conference.participant-mute} (with {@code muted} true or false).
 * Each is about the conference (its id is the event's resource), so the webhooks module numbers them per conference.
 * The same moves feed the conference's Twilio status callbacks ({@link TwilioCallbacks}), sent after the commit.
 */
final class ConferenceEvents {
    static final String START = "conference.start";
    static final String END = "conference.end";
    static final String JOIN = "conference.participant-join";
    static final String LEAVE = "conference.participant-leave";
    static final String MUTE = "conference.participant-mute";
    static final Set<String> TYPES = Set.of(START, END, JOIN, LEAVE, MUTE);

    private final Webhooks webhooks;
    private final TwilioCallbacks callbacks;

    ConferenceEvents(Webhooks webhooks, TwilioCallbacks callbacks) {
        this.webhooks = webhooks;
        this.callbacks = callbacks;
    }

    /** The Twilio status callback event of a webhook type: start, end, join, leave, mute. */
    private static String twilio(String type) {
        return switch (type) {
            case START -> "start";
            case END -> "end";
            case JOIN -> "join";
            case LEAVE -> "leave";
            default -> "mute";
        };
    }

    void conference(Connection tx, String projectId, String type, Conference c, List<TwilioCallbacks.Post> out)
            throws java.sql.SQLException {
        callbacks.collect(tx, projectId, twilio(type), c, null, out);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conferenceId", c.id());
        data.put("name", c.name());
        data.put("status", c.status());
        data.put("createdAt", c.createdAt().toString());
        data.put("startedAt", c.startedAt() == null ? null : c.startedAt().toString());
        data.put("endedAt", c.endedAt() == null ? null : c.endedAt().toString());
        data.put("endReason", c.endReason());
        data.put("participants", c.live());
        webhooks.emit(tx, NewEvent.of(projectId, type, c.id(), data));
    }

    void participant(Connection tx, String projectId, String type, Conference c, Participant p,
                     List<TwilioCallbacks.Post> out) throws java.sql.SQLException {
        callbacks.collect(tx, projectId, twilio(type), c, p, out);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conferenceId", c.id());
        data.put("name", c.name());
        data.put("conferenceStatus", c.status());
        data.put("callId", p.callId());
        data.put("status", p.status());
        data.put("muted", p.muted());
        data.put("startOnEnter", p.startOnEnter());
        data.put("endOnExit", p.endOnExit());
        data.put("joinedAt", p.joinedAt().toString());
        data.put("leftAt", p.leftAt() == null ? null : p.leftAt().toString());
        data.put("reason", p.leaveReason());
        webhooks.emit(tx, NewEvent.of(projectId, type, c.id(), data));
    }
}
