package dev.cantila.engine.sms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchStatusTest {

    @Test
    void anAcceptingBatchIsPublishedOrFailedNeverCanceled() {
        assertThat(BatchStatus.ACCEPTING.canMoveTo(BatchStatus.SENDING)).isTrue();
        assertThat(BatchStatus.ACCEPTING.canMoveTo(BatchStatus.COMPLETED)).isTrue(); // nothing accepted
        assertThat(BatchStatus.ACCEPTING.canMoveTo(BatchStatus.FAILED)).isTrue();
        assertThat(BatchStatus.ACCEPTING.canMoveTo(BatchStatus.CANCELED)).isFalse();
    }

    @Test
    void aPublishedBatchNeverGoesBackToAcceptingOrFails() {
        for (BatchStatus s : BatchStatus.values()) {
            assertThat(s.canMoveTo(BatchStatus.ACCEPTING)).as(s.wire()).isFalse();
        }
        assertThat(BatchStatus.SENDING.canMoveTo(BatchStatus.FAILED)).isFalse();
        assertThat(BatchStatus.SENDING.canMoveTo(BatchStatus.CANCELED)).isTrue();
        assertThatThrownBy(() -> BatchStatus.FAILED.requireMove(BatchStatus.SENDING, "bulk_x"))
                .hasMessageContaining("bulk_x").hasMessageContaining("FAILED -> SENDING");
    }

    @Test
    void wireNamesRoundTrip() {
        for (BatchStatus s : BatchStatus.values()) {
            assertThat(BatchStatus.fromWire(s.wire())).isEqualTo(s);
        }
        assertThat(BatchStatus.ACCEPTING.wire()).isEqualTo("accepting");
    }
}
