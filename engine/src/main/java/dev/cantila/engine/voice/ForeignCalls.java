package dev.cantila.engine.voice;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Calls this engine instance does not run: another instance claimed their leg ({@link LegClaims}). Two things
 * happen to them here, both through this instance's own event-socket connection to the leg's node (every instance
 * is connected to every node) and the database, never through a message to the owner:
 * <ul>
 *   <li>an API hangup that reached this instance: the leg is killed ({@code uuid_kill}); the owner hears the hangup
 *       as any other and ends its session, and the call's one terminal state is set by whichever of the two moves
 *       first (the store's compare-and-set), so there is one {@code call.completed};
 *   <li>the owner's lease expired (it crashed, or lost the database): each of its claims is adopted (a
 *       compare-and-set, so one survivor per leg), the leg killed, the call moved to its terminal state with cause
 *       {@value #CAUSE_OWNER_LOST}, and the claim released.
 * </ul>
 * Blocking: both wait for the switch (at most the op deadline per batch); they run on request threads or the
 * instance's heartbeat worker, never on a call's inbox or the switch's event thread.
 */
final class ForeignCalls {
    private static final Logger LOG = Logger.getLogger(ForeignCalls.class.getName());
    /** The stored cause of a call ended because the instance running it stopped heartbeating. */
    static final String CAUSE_OWNER_LOST = "ENGINE_OWNER_LOST";
    /** The hangup cause the switch gets for such a call's leg. */
    static final String KILL_OWNER_LOST = "NORMAL_TEMPORARY_FAILURE";

    private final CallStore store;
    private final VoiceSwitch voiceSwitch;
    private final LegClaims claims;
    private final Duration deadline;

    ForeignCalls(CallStore store, VoiceSwitch voiceSwitch, LegClaims claims, Duration deadline) {
        this.store = store;
        this.voiceSwitch = voiceSwitch;
        this.claims = claims;
        this.deadline = deadline;
    }

    /** Hangs up a call another instance runs (or nobody does): kills its leg, then ends the record if still open. */
    void hangup(CallStore.Unfinished u) {
        await(Map.of(u, kill(u.legUuid(), "NORMAL_CLEARING")));
        end(u.id(), "NORMAL_CLEARING");
    }

    /** Ends the calls of instances whose lease expired; returns how many legs this instance adopted. */
    int adoptOrphans() {
        Map<CallStore.Unfinished, CompletableFuture<Void>> kills = new LinkedHashMap<>();
        int adopted = 0;
        for (LegClaims.Orphan o : claims.orphans()) {
            if (!claims.adopt(o)) {
                continue; // another survivor took it
            }
            adopted++;
            LOG.warning("instance " + claims.instance() + ": adopting leg " + o.legUuid() + " of instance "
                    + o.owner() + ", whose lease expired; its call ends");
            CallStore.Unfinished u = store.unfinishedByLeg(o.legUuid()).orElse(null);
            if (u == null) {
                kill(o.legUuid(), KILL_OWNER_LOST); // claimed but never admitted, or ended already
                claims.release(o.legUuid());
            } else {
                store.event(u.id(), "takeover", "instance " + o.owner() + " stopped heartbeating; "
                        + claims.instance() + " ends the call");
                kills.put(u, kill(u.legUuid(), KILL_OWNER_LOST));
            }
        }
        await(kills);
        kills.keySet().forEach(u -> {
            end(u.id(), CAUSE_OWNER_LOST);
            claims.release(u.legUuid());
        });
        return adopted;
    }

    /** The switch's kill; one that throws at once fails its future instead (the others still run). */
    private CompletableFuture<Void> kill(String uuid, String cause) {
        try {
            return voiceSwitch.kill(uuid, cause);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for the kills (together at most the deadline); a leg not confirmed gone is logged, its call ends anyway. */
    private void await(Map<CallStore.Unfinished, CompletableFuture<Void>> kills) {
        long until = System.nanoTime() + deadline.toNanos();
        kills.forEach((u, kill) -> {
            try {
                kill.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(Level.WARNING, "call " + u.id() + ": killing leg " + u.legUuid() + " was not confirmed ("
                        + e + "); the call record ends anyway", e instanceof ExecutionException ? e.getCause() : null);
            }
        });
    }

    /**
     * Moves the call to its terminal state unless someone (its owner, hearing the hangup) did already. A move lost
     * to a concurrent one (the owner answering meanwhile) is retried from the status it lost to.
     */
    private void end(String callId, String cause) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Call call = store.find(callId).orElse(null);
            if (call == null) {
                return;
            }
            CallStatus status = CallStatus.fromWire(call.status());
            CallStatus terminal = CallStatus.terminal(call.answeredAt() != null, cause);
            if (status.isTerminal() || !status.canMoveTo(terminal)
                    || store.move(callId, status, terminal, cause).isPresent()) {
                return;
            }
        }
    }
}
