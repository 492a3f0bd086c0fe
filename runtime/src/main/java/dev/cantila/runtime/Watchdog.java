package dev.cantila.runtime;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;

/**
 * One scheduler thread that looks at every running invocation each tick and stops the ones over budget:
 * wall clock → {@code interrupt} (the context stays usable; later needed for call turns), then
 * {@code close(true)} if the interrupt did not land within the grace period; allocation → {@code close(true)}
 * at once, because a bomb must not get another grace period of heap. The blocking stop calls run on a
 * separate reaper pool so one slow stop never delays the checks of other invocations.
 *
 * <p>Why in-process: GraalJS CE has no per-context heap limit and no isolates, so the only in-process
 * memory guard is per-thread allocation accounting ({@code ThreadMXBean.getThreadAllocatedBytes}, platform
 * threads only). It measured cancelling a 1 MB-per-statement bomb at budget + a few MB, before the shared heap
 * was in danger, at ~0 cost per invocation; a worker JVM per tenant would cost ~50 ms and ~100 MB per worker
 * plus IPC per SMS. The residual risk (a single allocation larger than the free heap, e.g. a huge typed
 * array) is bounded by {@code js.string-length-limit} and the allocation budget being far below -Xmx.
 */
final class Watchdog implements AutoCloseable {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        if (THREADS.isThreadAllocatedMemorySupported() && !THREADS.isThreadAllocatedMemoryEnabled()) {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
    }

    private final Set<Guard> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cantila-js-watchdog").factory());
    private final ExecutorService reaper = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("cantila-js-reaper-", 0).factory());
    private final Duration grace;

    Watchdog(Duration tick, Duration grace) {
        this.grace = grace;
        ticker.scheduleAtFixedRate(this::tick, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Called on the worker thread that will run the context, before any guest code runs. */
    Guard watch(Context context, Limits limits) {
        Thread worker = Thread.currentThread();
        if (worker.isVirtual()) {
            throw new IllegalStateException("scripts must run on platform threads: allocation is unmeasurable on "
                    + worker);
        }
        Guard guard = new Guard(context, worker.threadId(), limits);
        running.add(guard);
        return guard;
    }

    void release(Guard guard) {
        running.remove(guard);
    }

    private void tick() {
        long now = System.nanoTime();
        for (Guard guard : running) {
            try {
                check(guard, now);
            } catch (RuntimeException e) {
                // A context closed under us; the guard is released by its worker right after.
            }
        }
    }

    private void check(Guard guard, long now) {
        if (guard.stop != null) {
            if (guard.stop == Outcome.TIMEOUT && !guard.forced && now - guard.stopAt > grace.toNanos()) {
                guard.forced = true;
                reaper.execute(() -> forceClose(guard.context));
            }
            return;
        }
        long allocated = THREADS.getThreadAllocatedBytes(guard.threadId) - guard.startAllocated;
        if (allocated > guard.limits.allocationBytes()) {
            guard.stop(Outcome.MEMORY_LIMIT, now);
            guard.forced = true;
            reaper.execute(() -> forceClose(guard.context));
        } else if (now - guard.startNanos > guard.limits.wallClock().toNanos()) {
            guard.stop(Outcome.TIMEOUT, now);
            reaper.execute(() -> interrupt(guard));
        }
    }

    private void interrupt(Guard guard) {
        try {
            guard.context.interrupt(grace);
        } catch (TimeoutException e) {
            guard.forced = true;
            forceClose(guard.context);
        } catch (RuntimeException e) {
            // Already finished or closed.
        }
    }

    private static void forceClose(Context context) {
        try {
            context.close(true);
        } catch (RuntimeException e) {
            // close(true) on a context being cancelled throws the cancellation; the worker reports it.
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        reaper.shutdownNow();
    }

    /** The watchdog's view of one running invocation. {@link #stop} says why it was stopped, if it was. */
    static final class Guard {
        final Context context;
        final long threadId;
        final Limits limits;
        final long startNanos = System.nanoTime();
        final long startAllocated;
        volatile Outcome stop;
        volatile long stopAt;
        volatile boolean forced;

        Guard(Context context, long threadId, Limits limits) {
            this.context = context;
            this.threadId = threadId;
            this.limits = limits;
            this.startAllocated = THREADS.getThreadAllocatedBytes(threadId);
        }

        private void stop(Outcome reason, long now) {
            stopAt = now;
            stop = reason;
        }

        Outcome stopReason() {
            return stop;
        }
    }
}
