package dev.cantila.engine.conference;

import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.events.NewEvent;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code conference.*} webhook events, written to the outbox in the transaction of the move they announce:
 * {@code conference.start}, {@code conference.end}, {@code conference.participant-join},
 * {@code conference.participant-leave}, {@code conference.participant-mute} (with {@code muted} true or false).
 * Each is about the conference (its id is the event's resource), so the webhooks module numbers them per conference.
 */
final class ConferenceEvents {
    static final String START = "conference.start";
    static final String END = "conference.end";
    static final String JOIN = "conference.participant-join";
    static final String LEAVE = "conference.participant-leave";
    static final String MUTE = "conference.participant-mute";
    static final Set<String> TYPES = Set.of(START, END, JOIN, LEAVE, MUTE);

    private final Webhooks webhooks;

    ConferenceEvents(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    void conference(Connection tx, String projectId, String type, Conference c) {
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

    void participant(Connection tx, String projectId, String type, Conference c, Participant p) {
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
