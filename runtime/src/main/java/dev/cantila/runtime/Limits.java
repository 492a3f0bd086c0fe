package dev.cantila.runtime;

import java.time.Duration;

/**
 * Budgets for one invocation (one SMS event, or one turn of a call). Checked by the watchdog every tick
 * (wall clock, allocation) and by Truffle itself (statements, string length).
 *
 * @param wallClock        from the start of the invocation on its worker thread (queueing is not counted);
 *                         exceeded: the context is interrupted, then closed if it does not stop within
 *                         {@link RuntimeOptions#killGrace()} → TIMEOUT
 * @param statements       guest statements executed (module top level included) → STATEMENT_LIMIT
 * @param allocationBytes  bytes allocated by the worker thread during the invocation, garbage and host calls included
 *                         (a fresh context alone allocates ~150 KB) → MEMORY_LIMIT
 * @param logLines         lines kept in the execution log; later lines are dropped and the log is marked truncated
 * @param logChars         characters kept in the execution log (all lines together), same rule
 */
public record Limits(Duration wallClock, long statements, long allocationBytes, int logLines, int logChars) {

    /** 2 s, 5 M statements, 64 MB allocated, 100 lines / 16 K characters of log. */
    public static final Limits SMS_DEFAULTS = new Limits(Duration.ofSeconds(2), 5_000_000, 64L << 20, 100, 16 << 10);

    public Limits {
        require(wallClock != null && wallClock.isPositive(), "wallClock", wallClock);
        require(statements > 0, "statements", statements);
        require(allocationBytes >= 1 << 20, "allocationBytes (at least 1 MB)", allocationBytes);
        require(logLines > 0, "logLines", logLines);
        require(logChars > 0, "logChars", logChars);
    }

    public Limits withWallClock(Duration value) {
        return new Limits(value, statements, allocationBytes, logLines, logChars);
    }

    public Limits withStatements(long value) {
        return new Limits(wallClock, value, allocationBytes, logLines, logChars);
    }

    public Limits withAllocationBytes(long value) {
        return new Limits(wallClock, statements, value, logLines, logChars);
    }

    public Limits withLog(int lines, int bytes) {
        return new Limits(wallClock, statements, allocationBytes, lines, bytes);
    }

    static void require(boolean ok, String name, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("invalid limit " + name + ": " + value);
        }
    }
}
