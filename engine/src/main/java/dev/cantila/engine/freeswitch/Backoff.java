package dev.cantila.engine.freeswitch;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code first}, doubling up to {@code cap}, each drawn uniformly from the upper
 * half of the current step ("equal jitter") so many engines do not reconnect in step. Not thread-safe; one per
 * node, used by that node's connect sequence only.
 */
final class Backoff {
    private final long firstMillis;
    private final long capMillis;
    private final RandomGenerator random;
    private int failures;

    Backoff(Duration first, Duration cap, RandomGenerator random) {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= cap, got " + first + " and " + cap);
        }
        this.firstMillis = first.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    Duration next() {
        long step = firstMillis << Math.min(failures, 30);
        step = step <= 0 || step > capMillis ? capMillis : step;
        failures++;
        long half = step / 2;
        return Duration.ofMillis(half + random.nextLong(step - half + 1));
    }

    /** After a success: the next failure starts from {@code first} again. */
    void reset() {
        failures = 0;
    }
}
