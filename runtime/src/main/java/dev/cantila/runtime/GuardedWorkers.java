package dev.cantila.runtime;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;

/**
 * Where guest work runs: on a tenant's worker ({@link WorkerPool}), under the {@link Watchdog}, in a fresh context
 * of the {@link Sandbox} or a warm one ({@link WarmContexts}), with the quarantine of texts whose run had to be
 * killed. {@link ScriptRuntime} says what to run; this class says how it is contained.
 */
final class GuardedWorkers {
    private final Sandbox sandbox;
    private final Watchdog watchdog;
    private final WorkerPool workers;
    private final WarmContexts warm;
    /**
     * Content hashes of scripts whose run or top level was KILLED. Each kill costs an abandoned thread that may spin
     * until restart, so the same text is not run again: its invocations end KILLED at once, its upload is refused.
     */
    private final Set<String> quarantined = java.util.concurrent.ConcurrentHashMap.newKeySet();

    GuardedWorkers(Sandbox sandbox, Watchdog watchdog, WorkerPool workers, WarmContexts warm) {
        this.sandbox = sandbox;
        this.watchdog = watchdog;
        this.workers = workers;
        this.warm = warm;
    }

    /** Whether a run of the text {@code hash} was killed: its work is refused from now on. */
    boolean quarantined(String hash) {
        return quarantined.contains(hash);
    }

    /**
     * Runs guest work on a worker of {@code tenant}, under the watchdog, in a fresh context or, with a
     * {@code warmKey}, in this worker's warm context for it. The context is closed afterwards (a warm one is given
     * back instead if the work was an {@link Execution} that ended OK with its log complete and no stop), unless the
     * watchdog abandoned the worker: then the future has {@code killed}'s answer (or its
     * exception) already, the text {@code hash} is quarantined, and the context is left to the abandoned thread
     * (closing it would block for ever). Work on a quarantined text is answered by {@code refused} when its turn
     * comes (a flood queued before the first kill must not cost a thread each).
     */
    <T> CompletableFuture<T> run(String tenant, String hash, Limits limits, Recorder recorder,
                                             WarmContexts.Key warmKey, GuestWork<T> work, Supplier<T> killed,
                                             Supplier<T> refused) {
        CompletableFuture<T> result = new CompletableFuture<>();
        workers.execute(tenant, () -> {
            if (quarantined.contains(hash)) {
                complete(result, refused);
                return;
            }
            Context context;
            WarmContexts.Lease lease = null;
            try {
                if (warmKey == null) {
                    context = newContext(limits, () -> recorder);
                } else {
                    lease = warm.lease(warmKey, slot -> newContext(limits, slot));
                    context = lease.context();
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            WarmContexts.Lease leased = lease;
            Watchdog.Guard guard = watchdog.watch(context, limits, () -> {
                quarantined.add(hash);
                complete(result, killed);
            });
            boolean[] clean = {false};
            try {
                complete(result, () -> {
                    T value = work.run(context, leased, guard, recorder);
                    clean[0] = value instanceof Execution e && e.ok() && !e.logTruncated()
                            || value instanceof FunctionResult f && f.ok() && !f.execution().logTruncated();
                    return value;
                });
            } finally {
                if (watchdog.release(guard)) {
                    // After release the watchdog stops this guard no more: no stop can land in the next event.
                    if (leased != null && clean[0] && guard.stopReason() == null) {
                        warm.giveBack(leased);
                    } else {
                        try {
                            context.close();
                        } catch (RuntimeException e) {
                            // A cancelled or limited context rethrows its cancellation on close; already reported.
                        }
                    }
                } else {
                    // Abandoned, yet back: its stop landed late (a loaded machine), so the text is stoppable after all.
                    quarantined.remove(hash);
                    warm.closeMine();
                    workers.abandon(Thread.currentThread()); // idempotent; no new work for this thread
                }
            }
        });
        return result;
    }

    /**
     * A fresh context, tried twice: while an abandoned context still spins on the shared engine, Truffle 25.0.3 may
     * fail a new context's first evaluation on another thread with an internal error from its thread-local
     * handshakes (seen once in CI: ArrayIndexOutOfBoundsException in PolyglotThreadLocalActions); a second attempt
     * gets a clean context. A second failure is the caller's.
     */
    private Context newContext(Limits limits, Supplier<Recorder> recorder) {
        try {
            return sandbox.newContext(limits, recorder);
        } catch (org.graalvm.polyglot.PolyglotException e) {
            if (!e.isInternalError() && !e.isHostException()) {
                throw e;
            }
            return sandbox.newContext(limits, recorder);
        }
    }

    private static <T> void complete(CompletableFuture<T> future, Supplier<T> value) {
        try {
            future.complete(value.get());
        } catch (RuntimeException | StackOverflowError e) {
            future.completeExceptionally(e);
        }
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @FunctionalInterface
    interface GuestWork<T> {
        /** @param lease the warm context's set-up, or null in a fresh context */
        T run(Context context, WarmContexts.Lease lease, Watchdog.Guard guard, Recorder recorder);
    }
}
