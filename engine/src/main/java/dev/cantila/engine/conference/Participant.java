package dev.cantila.engine.conference;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * A call's time in a conference.
 *
 * @param status      waiting (the conference has not started), joined, left
 * @param leaveReason null while in; {@code hangup}, {@code kicked}, {@code conference-ended}, {@code left} (the
 *                    call's conference ended otherwise, e.g. its deadline)
 * @param legUuid     the switch leg, for mute and kick; not shown
 */
public record Participant(String conferenceId, String callId, String status, boolean muted, boolean startOnEnter,
                          boolean endOnExit, Instant joinedAt, Instant leftAt, String leaveReason,
                          @JsonIgnore String legUuid) {

    boolean gone() {
        return status.equals(ParticipantStatus.LEFT.wire());
    }

    /** Seconds in the conference (so far). */
    long seconds(Instant now) {
        return Math.max(0, ((leftAt == null ? now : leftAt).toEpochMilli() - joinedAt.toEpochMilli()) / 1000);
    }
}
