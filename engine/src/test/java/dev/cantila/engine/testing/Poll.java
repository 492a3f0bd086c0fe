package dev.cantila.engine.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waits for an observable outcome of another process or thread (an HTTP answer, a file's contents) by asking again
 * every few milliseconds until it holds or the deadline passes. For state the test cannot be notified of; where a
 * future or a latch exists, wait on that instead.
 */
public final class Poll {
    private Poll() {
    }

    /** The first value {@code probe} returns that is not null, or an AssertionError naming {@code what}. */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what, last);
            }
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
    }

    /** Waits until {@code condition} is true. */
    public static void until(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        until(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }
}
