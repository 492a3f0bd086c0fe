package dev.cantila.webhooks.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: after the n-th failed attempt the delay is uniform in
 * [0, min(cap, base * 2^(n-1))]. The jitter function maps that ceiling in milliseconds to the delay, so tests can
 * pin it ({@code ceiling -> ceiling}). Finite: the worker stops after {@code maxAttempts}. Thread-safe.
 */
public final class Backoff {
    private final long baseMillis;
    private final long capMillis;
    private final LongUnaryOperator jitter;

    public Backoff(Duration base, Duration cap, LongUnaryOperator jitter) {
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.jitter = jitter;
    }

    /** Full jitter from {@link ThreadLocalRandom}. */
    public static LongUnaryOperator randomJitter() {
        return ceiling -> ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    /** The delay ceiling after {@code failures} failed attempts (1 = after the first). */
    public long ceilingMillis(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 40);
        long ceiling = baseMillis << doublings;
        return ceiling <= 0 || ceiling > capMillis ? capMillis : ceiling;
    }

    public Duration delayAfter(int failures) {
        long ceiling = ceilingMillis(failures);
        return Duration.ofMillis(Math.clamp(jitter.applyAsLong(ceiling), 0, ceiling));
    }
}
