package dev.cantila.runtime;

import java.time.Clock;
import java.time.Duration;

/**
 * Process-wide settings of a {@link ScriptRuntime}, fixed at creation.
 *
 * @param workers           platform threads running scripts; an invocation holds one for its whole run
 * @param queueCapacity     invocations waiting for a worker; beyond it {@code submitSms} fails fast with
 *                          {@link java.util.concurrent.RejectedExecutionException}
 * @param sourceCacheSize   parsed script versions kept (LRU); ~12.5 KB of engine code cache each
 * @param watchdogTick      how often running invocations are checked against wall clock and allocation
 * @param killGrace         how long an interrupt may take before the context is closed by force
 * @param stringLengthLimit {@code js.string-length-limit}: longer strings throw RangeError
 * @param compileLimits     limits for evaluating a module's top level at compile time
 * @param clock             what {@code Date.now()} and {@code new Date()} read in handlers (the engine's clock, so
 *                          a fake clock in tests and scenarios moves script time too)
 */
public record RuntimeOptions(int workers, int queueCapacity, int sourceCacheSize, Duration watchdogTick,
                             Duration killGrace, int stringLengthLimit, Limits compileLimits, Clock clock) {

    public RuntimeOptions {
        Limits.require(workers > 0, "workers", workers);
        Limits.require(queueCapacity > 0, "queueCapacity", queueCapacity);
        Limits.require(sourceCacheSize > 0, "sourceCacheSize", sourceCacheSize);
        Limits.require(watchdogTick != null && watchdogTick.isPositive(), "watchdogTick", watchdogTick);
        Limits.require(killGrace != null && killGrace.isPositive(), "killGrace", killGrace);
        Limits.require(stringLengthLimit > 0, "stringLengthLimit", stringLengthLimit);
        Limits.require(compileLimits != null, "compileLimits", compileLimits);
        Limits.require(clock != null, "clock", clock);
    }

    /** Workers = 2 × cores (handlers block briefly in host calls), 10,000 queued, 1,000 cached sources, 5 ms tick. */
    public static RuntimeOptions defaults() {
        int workers = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        return new RuntimeOptions(workers, 10_000, 1_000, Duration.ofMillis(5), Duration.ofMillis(250), 1_000_000,
                Limits.SMS_DEFAULTS, Clock.systemUTC());
    }

    public RuntimeOptions withWorkers(int value) {
        return new RuntimeOptions(value, queueCapacity, sourceCacheSize, watchdogTick, killGrace, stringLengthLimit,
                compileLimits, clock);
    }

    public RuntimeOptions withSourceCacheSize(int value) {
        return new RuntimeOptions(workers, queueCapacity, value, watchdogTick, killGrace, stringLengthLimit,
                compileLimits, clock);
    }

    public RuntimeOptions withClock(Clock value) {
        return new RuntimeOptions(workers, queueCapacity, sourceCacheSize, watchdogTick, killGrace, stringLengthLimit,
                compileLimits, value);
    }
}
