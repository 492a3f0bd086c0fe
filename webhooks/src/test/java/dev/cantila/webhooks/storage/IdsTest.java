package dev.cantila.webhooks.storage;

import dev.cantila.webhooks.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {
    @Test
    void idsArePrefixedAndSortByTime() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Ids ids = new Ids(clock);
        String first = ids.next("evt");
        clock.advance(Duration.ofMillis(1));
        String second = ids.next("evt");

        assertThat(first).matches("evt_[0-9a-hjkmnp-tv-z]{26}");
        assertThat(second).isGreaterThan(first);
        assertThat(first.substring(0, 14)).isNotEqualTo(second.substring(0, 14));
    }

    @Test
    void secretsArePrefixedAndDistinct() {
        assertThat(Ids.secret()).matches("whsec_[0-9a-hjkmnp-tv-z]{32}").isNotEqualTo(Ids.secret());
    }
}
