package dev.cantila.engine.freeswitch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.cantila.engine.voice.VoiceSwitch;

/**
 * What {@link FreeSwitchSwitch} knows about one leg it tracks: its node, what it already reported, and the leg's
 * operations. Operations run one at a time: the next {@code sendmsg} is written only when the previous one has
 * completed, so FreeSWITCH's private queue never holds more than one of ours and {@code uuid_break all} (which
 * flushes that queue) cannot silently discard an operation we wait for. Queued operations that have not started
 * live here instead, where {@link #dropQueuedMedia} can skip them.
 *
 * <p>Thread-safety: all mutable state is guarded by {@code this}; futures are completed outside the lock.
 */
final class LegState {

    /** One leg operation: how to start it, and the future handed to the caller. */
    static final class Op<T> {
        final String what;
        final boolean media;
        final Supplier<CompletableFuture<T>> start;
        final CompletableFuture<T> result = new CompletableFuture<>();
        volatile EslClient.Execution execution; // the sendmsg now running for it, if any

        Op(String what, boolean media, Supplier<CompletableFuture<T>> start) {
            this.what = what;
            this.media = media;
            this.start = start;
        }
    }

    final String uuid;
    final EslClient node;
    final boolean inbound;
    private final ArrayDeque<Op<?>> queue = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> hangupWaiters = new ArrayList<>();
    private Op<?> running;
    private boolean reportable; // the domain knows this leg: it parked, answered, or the domain asked about it
    private boolean ringing;
    private boolean answered;
    private boolean gone;
    private boolean stuck;
    private CompletableFuture<VoiceSwitch.OriginateOutcome> originate;
    private Bridge bridge;

    /** The bridge running on this leg: set when it starts, told when FreeSWITCH reports CHANNEL_BRIDGE. */
    static final class Bridge {
        volatile long bridgedAtMillis = -1;
        volatile String otherLeg;
        volatile EslClient.Execution execution;
    }

    LegState(String uuid, EslClient node, boolean inbound, boolean reportable) {
        this.uuid = uuid;
        this.node = node;
        this.inbound = inbound;
        this.reportable = reportable;
    }

    synchronized void originating(CompletableFuture<VoiceSwitch.OriginateOutcome> f) {
        originate = f;
    }

    /** The originate future while it has not completed, else null. */
    synchronized CompletableFuture<VoiceSwitch.OriginateOutcome> pendingOriginate() {
        return originate != null && !originate.isDone() ? originate : null;
    }

    /** True the first time an outbound leg is reported ringing. */
    synchronized boolean markRinging() {
        if (ringing || answered || inbound) {
            return false;
        }
        ringing = true;
        return true;
    }

    /** True the first time: the leg is answered and from now on reported, including its hangup. */
    synchronized boolean markAnswered() {
        if (answered) {
            return false;
        }
        answered = true;
        reportable = true;
        return true;
    }

    synchronized boolean reportable() {
        return reportable;
    }

    synchronized void startBridge(Bridge b) {
        bridge = b;
    }

    synchronized Bridge bridge() {
        return bridge;
    }

    synchronized void endBridge(Bridge b) {
        if (bridge == b) {
            bridge = null;
        }
    }

    /** Remembers the execute now running for the current operation (a hangup fails it). */
    synchronized void current(EslClient.Execution ex) {
        if (running != null) {
            running.execution = ex;
        }
    }

    /**
     * True while an operation runs or waits, or after one missed its deadline (its app may still hold the
     * channel): a hangup then kills the channel ({@code uuid_kill}) instead of queueing behind the app.
     */
    synchronized boolean needsKill() {
        return running != null || !queue.isEmpty() || stuck;
    }

    /** Registers a hangup waiter; false when the leg is already gone (the caller completes it). */
    synchronized boolean awaitGone(CompletableFuture<Void> waiter) {
        if (gone) {
            return false;
        }
        hangupWaiters.add(waiter);
        return true;
    }

    /** Queues an operation; it starts when every earlier one has completed. */
    <T> CompletableFuture<T> submit(Op<T> op) {
        EslException refused = null;
        synchronized (this) {
            if (gone) {
                refused = goneError(op.what);
            } else {
                queue.add(op);
            }
        }
        if (refused != null) {
            op.result.completeExceptionally(refused);
            return op.result;
        }
        pump();
        return op.result;
    }

    private void pump() {
        Op<?> next;
        synchronized (this) {
            if (running != null || queue.isEmpty() || gone) {
                return;
            }
            next = running = queue.poll();
        }
        start(next);
    }

    private <T> void start(Op<T> op) {
        CompletableFuture<T> f;
        try {
            f = op.start.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((v, e) -> {
            synchronized (this) {
                if (running == op) {
                    running = null;
                }
                if (e instanceof java.util.concurrent.TimeoutException
                        || e != null && e.getCause() instanceof java.util.concurrent.TimeoutException) {
                    stuck = true;
                }
            }
            pump();
            if (e != null) {
                op.result.completeExceptionally(e);
            } else {
                op.result.complete(v);
            }
        });
    }

    /** stopMedia: media operations that have not started are skipped; they complete as if interrupted. */
    void dropQueuedMedia() {
        List<Op<?>> skipped = new ArrayList<>();
        synchronized (this) {
            queue.removeIf(op -> op.media && skipped.add(op));
        }
        skipped.forEach(op -> op.result.complete(null));
    }

    /**
     * The leg is gone: true the first time. Operations still waiting fail with {@link EslException.Kind#LEG_GONE}
     * (the one running too: its completion came before the hangup or will never come), hangup waiters complete.
     */
    boolean markGone(String cause) {
        List<Op<?>> failed = new ArrayList<>();
        List<CompletableFuture<Void>> waiters;
        synchronized (this) {
            if (gone) {
                return false;
            }
            gone = true;
            if (running != null) {
                failed.add(running);
            }
            failed.addAll(queue);
            queue.clear();
            waiters = List.copyOf(hangupWaiters);
            hangupWaiters.clear();
        }
        for (Op<?> op : failed) {
            EslException e = goneError(op.what + " (" + cause + ")");
            op.result.completeExceptionally(e);
            EslClient.Execution ex = op.execution;
            if (ex != null) {
                ex.result.completeExceptionally(e);
            }
        }
        waiters.forEach(w -> w.complete(null));
        return true;
    }

    private EslException goneError(String what) {
        return new EslException(EslException.Kind.LEG_GONE, node.name(), "leg " + uuid + " on node " + node.name()
                + " hung up before " + what + " completed", (String) null);
    }
}
