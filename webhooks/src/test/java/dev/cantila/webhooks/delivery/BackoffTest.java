package dev.cantila.webhooks.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    private final Backoff ceilings = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), c -> c);

    @Test
    void ceilingDoublesFromBaseUpToTheCap() {
        assertThat(ceilings.ceilingMillis(1)).isEqualTo(2_000);
        assertThat(ceilings.ceilingMillis(2)).isEqualTo(4_000);
        assertThat(ceilings.ceilingMillis(8)).isEqualTo(256_000);
        assertThat(ceilings.ceilingMillis(9)).isEqualTo(512_000);
        assertThat(ceilings.ceilingMillis(10)).isEqualTo(600_000);
        assertThat(ceilings.ceilingMillis(1_000)).isEqualTo(600_000);
    }

    @Test
    void fullJitterStaysWithinZeroAndTheCeiling() {
        Backoff random = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), Backoff.randomJitter());
        for (int i = 0; i < 1_000; i++) {
            assertThat(random.delayAfter(3)).isBetween(Duration.ZERO, Duration.ofSeconds(8));
        }
        assertThat(new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), c -> c * 5).delayAfter(1))
                .as("a misbehaving jitter is clamped").isEqualTo(Duration.ofSeconds(2));
    }
}
