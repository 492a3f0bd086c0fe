package dev.cantila.engine.freeswitch;

import dev.cantila.engine.voice.SwitchEvents;
import dev.cantila.engine.voice.VoiceSwitch.OriginateOutcome;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The legs {@link FreeSwitchSwitch} tracks, by uuid, and the rules that end them: a leg is reported gone exactly
 * once ({@link #gone} removes it atomically), only when the domain knows it, and after a reconnect only on a
 * definite {@code uuid_exists} "false". Thread-safe; {@link #gone} runs on node reader threads.
 */
final class Legs {
    private static final Logger LOG = Logger.getLogger(Legs.class.getName());

    private final List<EslClient> nodes;
    private final Map<String, LegState> legs = new ConcurrentHashMap<>();
    private final Set<String> orphans = ConcurrentHashMap.newKeySet();
    private volatile SwitchEvents events;

    Legs(List<EslClient> nodes) {
        this.nodes = nodes;
    }

    void reportTo(SwitchEvents events) {
        this.events = events;
    }

    LegState get(String uuid) {
        return legs.get(uuid);
    }

    /** Tracks a new leg; false when one with this uuid is tracked already. */
    boolean add(LegState st) {
        return legs.putIfAbsent(st.uuid, st) == null;
    }

    void forget(LegState st) {
        legs.remove(st.uuid, st);
    }

    /** An originate whose connection dropped: if its leg is alive when the node is back, it is killed. */
    void orphan(String uuid) {
        orphans.add(uuid);
    }

    boolean isOrphan(String uuid) {
        return orphans.contains(uuid);
    }

    /** The leg is gone: reported once, and only if the domain knows it (an unanswered originate reports itself). */
    void gone(LegState st, String cause) {
        if (!legs.remove(st.uuid, st)) {
            return;
        }
        orphans.remove(st.uuid);
        CompletableFuture<OriginateOutcome> originate = st.pendingOriginate();
        if (originate != null) {
            originate.complete(OriginateOutcome.fromCause(cause));
        } else if (st.reportable()) {
            events.hungUp(st.uuid, cause);
        }
        st.markGone(cause); // after the report: operations and hangup waiters end once the domain knows
    }

    /**
     * After a node reconnected: each leg tracked on it is checked with {@code uuid_exists}; those gone meanwhile are
     * reported with {@link FreeSwitchSwitch#CAUSE_RECONNECT}; orphaned originates still alive are killed.
     */
    void reconcile(EslClient node) {
        for (LegState st : List.copyOf(legs.values())) {
            if (st.node != node) {
                continue;
            }
            // only a definite "false" ends a leg: a connection that flaps again must not make legs look dead
            node.api("uuid_exists " + st.uuid).whenComplete((answer, e) -> {
                if (e != null) {
                    LOG.log(Level.WARNING, "node " + node.name() + ": cannot check leg " + st.uuid
                            + " after reconnecting; it is checked again at the next reconnect", e);
                } else if (!"true".equals(answer.strip())) {
                    gone(st, FreeSwitchSwitch.CAUSE_RECONNECT);
                } else if (orphans.remove(st.uuid)) {
                    node.api("uuid_kill " + st.uuid + " ORIGINATOR_CANCEL");
                    legs.remove(st.uuid, st);
                }
            });
        }
    }

    /** Which of {@code uuids} are alive: asked of each leg's node; a node that is down holds none. */
    CompletableFuture<Set<String>> alive(Collection<String> uuids) {
        List<CompletableFuture<String>> checks = new ArrayList<>();
        for (String uuid : uuids) {
            LegState st = legs.get(uuid);
            checks.add(st != null ? exists(st.node, uuid).thenApply(yes -> yes ? uuid : null)
                    : find(uuid).thenApply(found -> found == null ? null : uuid));
        }
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Set<String> out = ConcurrentHashMap.newKeySet();
            checks.forEach(c -> {
                String u = c.join();
                if (u != null) {
                    out.add(u);
                }
            });
            return Set.copyOf(out);
        });
    }

    /** The tracked state of a leg; an untracked uuid is looked up on the nodes and tracked from then on. */
    CompletableFuture<LegState> state(String uuid) {
        LegState st = legs.get(uuid);
        if (st != null) {
            return CompletableFuture.completedFuture(st);
        }
        return find(uuid).thenApply(found -> {
            if (found == null) {
                throw new EslException(EslException.Kind.LEG_GONE, null, "no connected FreeSWITCH node knows leg "
                        + uuid, (String) null);
            }
            return found;
        });
    }

    private CompletableFuture<Boolean> exists(EslClient node, String uuid) {
        if (!node.isConnected()) {
            return CompletableFuture.completedFuture(false); // a node that is down holds no live legs for us
        }
        return node.api("uuid_exists " + uuid).handle((body, e) -> {
            if (e == null) {
                return "true".equals(body.strip());
            }
            if (e instanceof EslException ee && (ee.kind() == EslException.Kind.NOT_CONNECTED
                    || ee.kind() == EslException.Kind.CONNECTION_LOST)) {
                return false;
            }
            throw FreeSwitchSwitch.unchecked(e);
        });
    }

    /** Asks every connected node whether it holds {@code uuid}; tracks it on the one that does. Null when none. */
    private CompletableFuture<LegState> find(String uuid) {
        List<EslClient> up = nodes.stream().filter(EslClient::isConnected).toList();
        CompletableFuture<LegState> result = CompletableFuture.completedFuture(null);
        for (EslClient node : up) {
            result = result.thenCompose(found -> found != null ? CompletableFuture.completedFuture(found)
                    : exists(node, uuid).thenApply(yes -> yes ? track(uuid, node) : null));
        }
        return result;
    }

    private LegState track(String uuid, EslClient node) {
        LegState fresh = new LegState(uuid, node, true, true);
        LegState prior = legs.putIfAbsent(uuid, fresh);
        return prior != null ? prior : fresh;
    }
}
