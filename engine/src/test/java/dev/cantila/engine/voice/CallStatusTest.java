package dev.cantila.engine.voice;

import dev.cantila.engine.core.ApiException;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static dev.cantila.engine.voice.CallStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallStatusTest {

    @Test
    void legalMovesFollowTheCallLifecycle() {
        assertThat(QUEUED.canMoveTo(RINGING)).isTrue();
        assertThat(RINGING.canMoveTo(IN_PROGRESS)).isTrue();
        assertThat(IN_PROGRESS.canMoveTo(COMPLETED)).isTrue();
        for (CallStatus early : EnumSet.of(BUSY, NO_ANSWER, FAILED, CANCELED)) {
            assertThat(QUEUED.canMoveTo(early)).isTrue();
            assertThat(RINGING.canMoveTo(early)).isTrue();
            assertThat(IN_PROGRESS.canMoveTo(early)).as("an answered call only completes").isFalse();
        }
        assertThat(RINGING.canMoveTo(QUEUED)).isFalse();
        assertThat(QUEUED.canMoveTo(COMPLETED)).as("never answered").isFalse();
    }

    @Test
    void terminalStatesAreFinal() {
        for (CallStatus terminal : EnumSet.of(COMPLETED, BUSY, NO_ANSWER, FAILED, CANCELED)) {
            assertThat(terminal.isTerminal()).isTrue();
            for (CallStatus any : values()) {
                assertThat(terminal.canMoveTo(any)).isFalse();
            }
        }
        assertThatThrownBy(() -> COMPLETED.requireMove(IN_PROGRESS, "call_1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("completed -> in-progress for call_1");
    }

    @Test
    void hangupCausesDecideTheTerminalState() {
        assertThat(terminal(true, "USER_BUSY")).isEqualTo(COMPLETED);
        assertThat(terminal(true, "RECOVERY_ON_TIMER_EXPIRE")).isEqualTo(COMPLETED);
        assertThat(terminal(false, "USER_BUSY")).isEqualTo(BUSY);
        assertThat(terminal(false, "CALL_REJECTED")).isEqualTo(BUSY);
        assertThat(terminal(false, "NO_ANSWER")).isEqualTo(NO_ANSWER);
        assertThat(terminal(false, "ORIGINATOR_CANCEL")).isEqualTo(CANCELED);
        assertThat(terminal(false, "NORMAL_CLEARING")).isEqualTo(CANCELED);
        assertThat(terminal(false, "NO_ROUTE_DESTINATION")).isEqualTo(FAILED);
        assertThat(terminal(false, null)).isEqualTo(FAILED);
    }

    @Test
    void wireNamesAndFilters() {
        assertThat(IN_PROGRESS.wire()).isEqualTo("in-progress");
        assertThat(fromWire("no-answer")).isEqualTo(NO_ANSWER);
        assertThat(parse(" busy ", "status")).isEqualTo(BUSY);
        assertThatThrownBy(() -> parse("ringing-ish", "status")).isInstanceOf(ApiException.class)
                .hasMessageContaining("in-progress");
    }
}
