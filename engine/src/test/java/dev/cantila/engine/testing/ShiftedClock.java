package dev.cantila.engine.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset a test adds to: a lease or TTL expires at once, while everything that needs time
 * to pass (pacing, retries) still sees it pass. Use {@link MutableClock} where time should stand still. Thread-safe.
 */
public final class ShiftedClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    public synchronized void shift(Duration d) {
        offset = offset.plus(d);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC");
    }
}
