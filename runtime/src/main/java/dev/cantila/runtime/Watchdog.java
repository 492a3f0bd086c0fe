package dev.cantila.runtime;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;

/**
 * One scheduler thread that looks at every running invocation each tick and stops the ones over budget:
 * wall clock → {@code interrupt} (the context stays usable; later needed for call turns), then
 * {@code close(true)} if the interrupt did not land within the grace period; allocation → {@code close(true)}
 * at once, because a bomb must not get another grace period of heap. Each blocking stop call runs on its own
 * virtual thread, so a stop that never returns (see below) delays nothing else.
 *
 * <p>When even {@code close(true)} has not ended the invocation one grace period later, the guard is
 * <em>abandoned</em>: the {@link Abandon} callback gives up the worker thread (the pool replaces it) and
 * completes the invocation as {@link Outcome#KILLED}. This happens, measured on GraalJS 25.0.3, with
 * {@code function f(){ try { f(); } catch (e) { f(); } }}: nearly all its time is spent within a few frames of
 * the Java stack limit, Truffle's cancel/interrupt exception is raised there, and unwinding it overflows the
 * stack; the JS {@code catch} catches that {@link StackOverflowError} as a RangeError (GraalJS' TryCatchNode
 * does by design) and calls {@code f()} again, so the cancellation is lost each time, the statement limit's too.
 * The guarantee therefore does not rest on the guest being stoppable: whatever runs, the caller has its answer
 * within wall clock + 2 × grace (+ one tick).
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
    private final Duration grace;
    private final Abandon abandon;

    Watchdog(Duration tick, Duration grace, Abandon abandon) {
        this.grace = grace;
        this.abandon = abandon;
        ticker.scheduleAtFixedRate(this::tick, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Called on the worker thread that will run the context, before any guest code runs.
     *
     * @param killed what to do when the invocation is abandoned: complete its caller's future as KILLED (runs on
     *               the watchdog thread, at most once, never after {@link #release})
     */
    Guard watch(Context context, Limits limits, Runnable killed) {
        Thread worker = Thread.currentThread();
        if (worker.isVirtual()) {
            throw new IllegalStateException("scripts must run on platform threads: allocation is unmeasurable on "
                    + worker);
        }
        Guard guard = new Guard(context, worker, limits, killed);
        running.add(guard);
        return guard;
    }

    /**
     * The worker is done with the context. False if the watchdog abandoned it first (its caller has KILLED). Once
     * released, the guard's {@link Guard#stopReason} is final: no stop that the watchdog decided on afterwards lands
     * (the context may serve the next invocation, warm).
     */
    boolean release(Guard guard) {
        guard.release();
        return running.remove(guard);
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
            if (guard.forced && now - guard.forcedAt > grace.toNanos()) {
                abandon(guard);
            } else if (!guard.forced && now - guard.stopAt > grace.toNanos()) {
                force(guard, now);
            }
            return;
        }
        long allocated = THREADS.getThreadAllocatedBytes(guard.worker.threadId()) - guard.startAllocated;
        if (allocated > guard.limits.allocationBytes()) {
            if (guard.stop(Outcome.MEMORY_LIMIT, now)) {
                force(guard, now);
            }
        } else if (now - guard.startNanos > guard.limits.wallClock().toNanos() && guard.stop(Outcome.TIMEOUT, now)) {
            stopper(() -> {
                try {
                    guard.context.interrupt(grace);
                } catch (TimeoutException | RuntimeException e) {
                    // Not stopped within the grace (the next tick closes it by force), or finished meanwhile.
                }
            });
        }
    }

    private void force(Guard guard, long now) {
        guard.forcedAt = now;
        guard.forced = true;
        stopper(() -> forceClose(guard.context));
    }

    private void abandon(Guard guard) {
        if (running.remove(guard)) {
            guard.abandoned = true;
            // Answer (and let the runtime quarantine the text) before the pool replaces the worker: the replacement
            // takes the next queued task at once, which may be the same text.
            guard.killed.run();
            abandon.abandon(guard.worker);
        }
    }

    /** Invocations stopped more than one grace period ago that have not ended yet. */
    int stuck() {
        long now = System.nanoTime();
        int n = 0;
        for (Guard guard : running) {
            if (guard.stop != null && now - guard.stopAt > grace.toNanos()) {
                n++;
            }
        }
        return n;
    }

    private static void stopper(Runnable stop) {
        Thread.ofVirtual().name("cantila-js-stop").start(stop);
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
    }

    /** The watchdog's view of one running invocation. {@link #stop} says why it was stopped, if it was. */
    static final class Guard {
        final Context context;
        final Thread worker;
        final Limits limits;
        final Runnable killed;
        final long startNanos = System.nanoTime();
        final long startAllocated;
        volatile Outcome stop;
        volatile long stopAt;
        volatile long forcedAt;
        volatile boolean forced;
        volatile boolean abandoned;
        private boolean released;

        Guard(Context context, Thread worker, Limits limits, Runnable killed) {
            this.context = context;
            this.worker = worker;
            this.limits = limits;
            this.killed = killed;
            this.startAllocated = THREADS.getThreadAllocatedBytes(worker.threadId());
        }

        /** @return false if the worker released the guard first: nothing to stop any more */
        private synchronized boolean stop(Outcome reason, long now) {
            if (released) {
                return false;
            }
            stopAt = now;
            stop = reason;
            return true;
        }

        private synchronized void release() {
            released = true;
        }

        Outcome stopReason() {
            return stop;
        }
    }

    /** Gives up a worker thread whose guest code could not be stopped; the pool replaces it. */
    @FunctionalInterface
    interface Abandon {
        void abandon(Thread worker);
    }
}
