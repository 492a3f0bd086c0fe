package dev.cantila.engine.sms;

import dev.cantila.engine.core.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Set;

import static dev.cantila.engine.sms.MessageStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageStatusTest {

    @Test
    void legalMovesAreExactlyTheLifecycle() {
        assertThat(allowed(SCHEDULED)).containsExactlyInAnyOrder(QUEUED, CANCELED);
        assertThat(allowed(QUEUED)).containsExactlyInAnyOrder(SENDING, CANCELED, FAILED);
        assertThat(allowed(SENDING)).containsExactlyInAnyOrder(SENT, FAILED, QUEUED);
        assertThat(allowed(SENT)).containsExactlyInAnyOrder(DELIVERED, UNDELIVERED, FAILED);
    }

    @ParameterizedTest
    @EnumSource(value = MessageStatus.class, names = {"DELIVERED", "UNDELIVERED", "FAILED", "CANCELED", "RECEIVED"})
    void terminalStatesGoNowhere(MessageStatus s) {
        assertThat(s.isTerminal()).isTrue();
        assertThat(allowed(s)).isEmpty();
    }

    @Test
    void illegalMovesAreRejectedNamingTheMessage() {
        assertThatThrownBy(() -> DELIVERED.requireMove(SENT, "msg_1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("msg_1").hasMessageContaining("DELIVERED");
        assertThatThrownBy(() -> SENT.requireMove(CANCELED, "msg_2")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> QUEUED.requireMove(DELIVERED, "msg_3")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CANCELED.requireMove(QUEUED, "msg_4")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void wireNamesRoundTripAndBadFiltersAre400() {
        for (MessageStatus s : values()) {
            assertThat(fromWire(s.wire())).isEqualTo(s);
        }
        assertThat(parse(" Delivered ", "status")).isEqualTo(DELIVERED);
        assertThatThrownBy(() -> parse("lost", "status")).isInstanceOf(ApiException.class)
                .extracting("field").isEqualTo("status");
    }

    private static Set<MessageStatus> allowed(MessageStatus from) {
        Set<MessageStatus> out = EnumSet.noneOf(MessageStatus.class);
        for (MessageStatus to : values()) {
            if (from.canMoveTo(to)) {
                out.add(to);
            }
        }
        return out;
    }
}
