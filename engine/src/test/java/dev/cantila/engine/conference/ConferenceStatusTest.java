package dev.cantila.engine.conference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two state machines: every legal move, and the illegal ones refused. */
class ConferenceStatusTest {
    @Test
    void aConferenceStartsOnceAndEndsOnce() {
        assertThat(ConferenceStatus.INIT.canMoveTo(ConferenceStatus.IN_PROGRESS)).isTrue();
        assertThat(ConferenceStatus.INIT.canMoveTo(ConferenceStatus.COMPLETED)).as("everyone left before the start")
                .isTrue();
        assertThat(ConferenceStatus.IN_PROGRESS.canMoveTo(ConferenceStatus.COMPLETED)).isTrue();
        assertThat(ConferenceStatus.IN_PROGRESS.canMoveTo(ConferenceStatus.INIT)).isFalse();
        assertThat(ConferenceStatus.COMPLETED.canMoveTo(ConferenceStatus.IN_PROGRESS)).isFalse();
        assertThatThrownBy(() -> ConferenceStatus.COMPLETED.requireMove(ConferenceStatus.IN_PROGRESS, "conf_1"))
                .hasMessageContaining("completed -> in-progress for conf_1");
        assertThat(ConferenceStatus.fromWire("in-progress")).isEqualTo(ConferenceStatus.IN_PROGRESS);
    }

    @Test
    void aParticipantWaitsJoinsAndLeavesOnce() {
        assertThat(ParticipantStatus.WAITING.canMoveTo(ParticipantStatus.JOINED)).isTrue();
        assertThat(ParticipantStatus.WAITING.canMoveTo(ParticipantStatus.LEFT)).isTrue();
        assertThat(ParticipantStatus.JOINED.canMoveTo(ParticipantStatus.LEFT)).isTrue();
        assertThat(ParticipantStatus.JOINED.canMoveTo(ParticipantStatus.WAITING)).isFalse();
        assertThat(ParticipantStatus.LEFT.canMoveTo(ParticipantStatus.JOINED)).isFalse();
        assertThat(ParticipantStatus.LEFT.canMoveTo(ParticipantStatus.LEFT)).isFalse();
    }
}
