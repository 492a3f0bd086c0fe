package dev.cantila.runtime;

import java.time.Clock;
import java.time.Duration;

/**
 * Process-wide settings of a {@link ScriptRuntime}, fixed at creation.
 *
 * @param workers           platform threads running scripts; an invocation holds one for its whole run
 * @param workersPerTenant  at most this many invocations of one tenant (project) run at once; the others wait in
 *                          the tenant's own queue while other tenants get the remaining workers
 * @param queueCapacity     invocations of one tenant waiting for a worker; beyond it {@code submitSms} fails fast
 *                          with {@link java.util.concurrent.RejectedExecutionException}
 * @param sourceCacheSize   parsed script versions kept (LRU); ~12.5 KB of engine code cache each
 * @param watchdogTick      how often running invocations are checked against wall clock and allocation
 * @param killGrace         how long an interrupt may take before the context is closed by force, and that close
 *                          before the worker is abandoned
 * @param stringLengthLimit {@code js.string-length-limit}: longer strings throw RangeError
 * @param compileLimits     limits for evaluating a module's top level at compile time
 * @param clock             what {@code Date.now()} and {@code new Date()} read in handlers (the engine's clock, so
 *                          a fake clock in tests and scenarios moves script time too); also what a warm context's
 *                          age is measured on
 * @param warm              when SMS invocations may reuse a warm context ({@link Warm})
 */
public record RuntimeOptions(int workers, int workersPerTenant, int queueCapacity, int sourceCacheSize, Duration watchdogTick,
                             Duration killGrace, int stringLengthLimit, Limits compileLimits, Clock clock, Warm warm) {

    /**
     * Warm contexts for SMS handlers: a worker keeps the context of a (tenant, script version, limits) after an
     * invocation that ended OK and runs that version's next event in it, so module-level state persists between
     * the events of one script version on one worker, never across tenants or versions. A context is thrown away
     * after any invocation that did not end OK (error, any limit, a stop, a full log), after {@code maxEvents}
     * events or {@code maxAge}, and when {@link ScriptRuntime#discardWarm} is called for its tenant (on deploy).
     *
     * @param maxEvents    invocations one warm context serves; 0 = every invocation gets a fresh context
     * @param maxAge       how long after its creation a context may still start an invocation
     * @param freshTenants tenants (projects) whose every invocation gets a fresh context (the pre-warm semantics)
     */
    public record Warm(int maxEvents, Duration maxAge, java.util.Set<String> freshTenants) {
        /** Every invocation in a fresh context. */
        public static final Warm OFF = new Warm(0, Duration.ofSeconds(1), java.util.Set.of());
        /** 1,000 events or 5 minutes per context, no tenant fresh: the engine's default. */
        public static final Warm DEFAULTS = new Warm(1_000, Duration.ofMinutes(5), java.util.Set.of());

        public Warm {
            Limits.require(maxEvents >= 0, "warm.maxEvents", maxEvents);
            Limits.require(maxAge != null && maxAge.isPositive(), "warm.maxAge", maxAge);
            Limits.require(freshTenants != null, "warm.freshTenants", freshTenants);
            freshTenants = java.util.Set.copyOf(freshTenants);
        }

        boolean warmFor(String tenant) {
            return maxEvents > 0 && !freshTenants.contains(tenant);
        }
    }

    public RuntimeOptions {
        Limits.require(workers > 0, "workers", workers);
        Limits.require(workersPerTenant > 0 && workersPerTenant <= workers, "workersPerTenant (1..workers)",
                workersPerTenant);
        Limits.require(queueCapacity > 0, "queueCapacity", queueCapacity);
        Limits.require(sourceCacheSize > 0, "sourceCacheSize", sourceCacheSize);
        Limits.require(watchdogTick != null && watchdogTick.isPositive(), "watchdogTick", watchdogTick);
        Limits.require(killGrace != null && killGrace.isPositive(), "killGrace", killGrace);
        Limits.require(stringLengthLimit > 0, "stringLengthLimit", stringLengthLimit);
        Limits.require(compileLimits != null, "compileLimits", compileLimits);
        Limits.require(clock != null, "clock", clock);
        Limits.require(warm != null, "warm", warm);
    }

    /** With {@link Warm#OFF}. */
    public RuntimeOptions(int workers, int workersPerTenant, int queueCapacity, int sourceCacheSize,
                          Duration watchdogTick, Duration killGrace, int stringLengthLimit, Limits compileLimits,
                          Clock clock) {
        this(workers, workersPerTenant, queueCapacity, sourceCacheSize, watchdogTick, killGrace, stringLengthLimit,
                compileLimits, clock, Warm.OFF);
    }

    /** Every tenant may use every worker ({@code workersPerTenant = workers}). */
    public RuntimeOptions(int workers, int queueCapacity, int sourceCacheSize, Duration watchdogTick,
                          Duration killGrace, int stringLengthLimit, Limits compileLimits, Clock clock) {
        this(workers, workers, queueCapacity, sourceCacheSize, watchdogTick, killGrace, stringLengthLimit,
                compileLimits, clock, Warm.OFF);
    }

    /**
     * Workers = 2 × cores (handlers block briefly in host calls), a quarter of them (at least 1) per tenant, 10,000
     * queued per tenant, 1,000 cached sources, 5 ms tick, 250 ms kill grace, and no warm
     * contexts ({@link Warm#OFF}: every invocation fresh, the semantics the runtime had before warm contexts; the
     * engine turns them on from its settings, {@code cantila.scripts.warm}).
     */
    public static RuntimeOptions defaults() {
        int workers = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        return new RuntimeOptions(workers, defaultPerTenant(workers), 10_000, 1_000, Duration.ofMillis(5), Duration.ofMillis(250), 1_000_000,
                Limits.SMS_DEFAULTS, Clock.systemUTC(), Warm.OFF);
    }

    /** A quarter of the workers, at least 1. */
    public static int defaultPerTenant(int workers) {
        return Math.max(1, workers / 4);
    }

    /** {@code value} workers, the per-tenant share back to its default (a quarter, at least 1). */
    public RuntimeOptions withWorkers(int value) {
        return new RuntimeOptions(value, defaultPerTenant(value), queueCapacity, sourceCacheSize, watchdogTick, killGrace, stringLengthLimit,
                compileLimits, clock, warm);
    }

    public RuntimeOptions withSourceCacheSize(int value) {
        return new RuntimeOptions(workers, workersPerTenant, queueCapacity, value, watchdogTick, killGrace, stringLengthLimit,
                compileLimits, clock, warm);
    }

    public RuntimeOptions withWorkersPerTenant(int value) {
        return new RuntimeOptions(workers, value, queueCapacity, sourceCacheSize, watchdogTick, killGrace,
                stringLengthLimit, compileLimits, clock, warm);
    }

    public RuntimeOptions withCompileLimits(Limits value) {
        return new RuntimeOptions(workers, workersPerTenant, queueCapacity, sourceCacheSize, watchdogTick, killGrace,
                stringLengthLimit, value, clock, warm);
    }

    public RuntimeOptions withClock(Clock value) {
        return new RuntimeOptions(workers, workersPerTenant, queueCapacity, sourceCacheSize, watchdogTick, killGrace, stringLengthLimit,
                compileLimits, value, warm);
    }

    public RuntimeOptions withWarm(Warm value) {
        return new RuntimeOptions(workers, workersPerTenant, queueCapacity, sourceCacheSize, watchdogTick, killGrace,
                stringLengthLimit, compileLimits, clock, value);
    }
}
