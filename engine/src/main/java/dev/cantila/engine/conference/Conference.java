package dev.cantila.engine.conference;

import java.time.Instant;
import java.util.List;

/**
 * One conference as the API shows it.
 *
 * @param status       init, in-progress or completed
 * @param endReason    null while live; {@code participant-ended-conference} (an endOnExit participant left),
 *                     {@code last-participant-left}
 * @param live         participants not gone (waiting or joined)
 * @param participants every participant, in joining order; null in lists
 */
public record Conference(String id, String name, String status, Instant createdAt, Instant startedAt, Instant endedAt,
                         String endReason, int live, List<Participant> participants) {

    Conference with(List<Participant> all) {
        return new Conference(id, name, status, createdAt, startedAt, endedAt, endReason, live, all);
    }

    boolean completed() {
        return status.equals(ConferenceStatus.COMPLETED.wire());
    }
}
