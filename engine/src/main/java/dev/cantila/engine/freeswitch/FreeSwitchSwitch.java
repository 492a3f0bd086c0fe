package dev.cantila.engine.freeswitch;

import dev.cantila.engine.voice.Leg;
import dev.cantila.engine.voice.SwitchEvents;
import dev.cantila.engine.voice.VoiceSwitch;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * {@link VoiceSwitch} over one or more FreeSWITCH nodes, one {@link EslClient} each (inbound ESL mode).
 *
 * <pre>
 * FreeSwitchSwitch sw = new FreeSwitchSwitch(FreeSwitchSettings.fromConfig(config.get("freeswitch"),
 *         System.getenv("CANTILA_FREESWITCH")));
 * sw.start(voiceDomain);           // connects in the background, retrying unreachable nodes
 * sw.ready().get(...);             // optional: every node connected once (fails on a refused password)
 * </pre>
 *
 * <p>Event mapping (on the node's reader thread, so per leg in order): {@code CHANNEL_PARK} of an inbound channel
 * not seen before → {@code parked}; {@code CHANNEL_PROGRESS(_MEDIA)} of our outbound leg → {@code ringing} (once);
 * {@code CHANNEL_ANSWER} → {@code answered} (once); {@code DTMF} → {@code dtmf}; {@code CHANNEL_HANGUP_COMPLETE}
 * → {@code hungUp} exactly once per leg; {@code MESSAGE} from mod_sofia (it carries {@code sip_profile}; those
 * fired for our own {@code chat} sends do not) → {@code sms}. Only tracked legs are reported: an inbound leg from
 * its park, an outbound leg from our originate, any leg the domain touched through {@link #leg} or {@link #alive}.
 * Other channels (a bridge's far leg) are ignored. An originate that does not answer reports through its future
 * only, never through {@code hungUp}. Every engine connected to a node hears every park: with several engine
 * instances on one FreeSWITCH the voice domain claims each leg in the database before any command
 * ({@code LegClaims}); an instance that did not win keeps the leg tracked (it may {@link #kill} it for an API
 * hangup, or when the owner dies), and reports its events to a domain that ignores them.
 *
 * <p>Threading: events and the completions of leg operations run on the node's reader thread, except deadline
 * failures ({@link java.util.concurrent.TimeoutException}), which complete on the switch's timer thread.
 *
 * <p>Lost connections: when a node comes back, each leg tracked on it is checked with {@code uuid_exists} and
 * those gone meanwhile are reported {@code hungUp(uuid, "}{@value #CAUSE_RECONNECT}{@code ")}. Operations waiting
 * when the connection dropped fail with {@link EslException.Kind#CONNECTION_LOST}; an originate that failed so and
 * whose leg turns out alive is killed.
 */
public final class FreeSwitchSwitch implements VoiceSwitch {
    /** hungUp cause for a leg found gone when its node's connection came back. */
    public static final String CAUSE_RECONNECT = "ESL_RECONNECT_LOST";
    /**
     * hungUp cause for a tracked leg FreeSWITCH no longer knows (an operation was refused for it) whose
     * {@code CHANNEL_HANGUP_COMPLETE} did not follow within the command deadline.
     */
    public static final String CAUSE_NOT_FOUND = "ESL_LEG_NOT_FOUND";

    private final FreeSwitchSettings settings;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor timers;
    private final List<EslClient> nodes = new ArrayList<>();
    private final Legs legs = new Legs(nodes);
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final NodesHealth health;
    private final FreeSwitchConferences conferences = new FreeSwitchConferences(this);
    private volatile SwitchEvents events;

    public FreeSwitchSwitch(FreeSwitchSettings settings) {
        this(settings, Clock.systemUTC(), RandomGenerator.getDefault());
    }

    FreeSwitchSwitch(FreeSwitchSettings settings, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.clock = clock;
        this.timers = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("esl-timers")
                .unstarted(r));
        timers.setRemoveOnCancelPolicy(true);
        this.health = new NodesHealth(clock, settings.nodes());
        EslClient.Options options = new EslClient.Options(EslClient.EVENTS, List.of(), settings.commandTimeout(),
                FreeSwitchSettings.RECONNECT_FIRST, settings.reconnectMax());
        EslClient.Listener listener = new EslClient.Listener() {
            @Override
            public void onEvent(EslClient node, EslEvent event) {
                FreeSwitchSwitch.this.onEvent(node, event);
            }

            @Override
            public void onConnected(EslClient node, boolean reconnected) {
                health.connected(node.name());
                if (reconnected) {
                    legs.reconcile(node);
                }
            }

            @Override
            public void onDisconnected(EslClient node, Throwable cause) {
                health.failed(node.name(), cause);
            }

            @Override
            public void onConnectFailed(EslClient node, Throwable cause) {
                health.failed(node.name(), cause);
            }
        };
        for (FreeSwitchSettings.Node n : settings.nodes()) {
            nodes.add(new EslClient(n, options, timers, listener, random));
        }
    }

    @Override
    public void start(SwitchEvents events) {
        if (this.events != null) {
            throw new IllegalStateException("FreeSwitchSwitch already started");
        }
        this.events = events;
        legs.reportTo(events);
        CompletableFuture<?>[] starts = nodes.stream().map(EslClient::start).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(starts).whenComplete((v, e) -> {
            if (e != null) {
                ready.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
                ready.complete(null);
            }
        });
    }

    /** Completes when every node has connected once; fails when one refused our password (it is not retried). */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** The {@code freeswitch} health check: each node (connected, since when, last error); DOWN when none is up. */
    public io.helidon.health.HealthCheck health() {
        return health;
    }

    /** Node name → connected now. */
    public Map<String, Boolean> nodeStatus() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        nodes.forEach(n -> out.put(n.name(), n.isConnected()));
        return out;
    }

    @Override
    public Leg leg(String uuid) {
        return new FreeSwitchLeg(this, uuid);
    }

    @Override
    public CompletableFuture<OriginateOutcome> originate(String uuid, String from, String to, Duration timeout) {
        String command;
        try {
            UUID.fromString(uuid);
            command = DialStrings.originate(uuid, DialStrings.callerId(from), DialStrings.endpoint(to,
                    settings.gateway()), timeout);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        EslClient node = pickNode();
        if (node == null) {
            return CompletableFuture.failedFuture(notConnected("originate to " + to));
        }
        CompletableFuture<OriginateOutcome> outcome = new CompletableFuture<>();
        LegState st = new LegState(uuid, node, false, false);
        st.originating(outcome);
        if (!legs.add(st)) {
            return CompletableFuture.failedFuture(new IllegalStateException("leg " + uuid + " already exists"));
        }
        node.bgapi(command, timeout.plus(settings.commandTimeout())).whenComplete((body, e) -> {
            if (e == null) {
                String result = body.strip();
                outcome.complete(result.startsWith("+OK") ? OriginateOutcome.ANSWERED
                        : OriginateOutcome.fromCause(result.startsWith("-ERR") ? result.substring(4).trim() : result));
            } else {
                if (e instanceof EslException ee && ee.kind() == EslException.Kind.CONNECTION_LOST) {
                    legs.orphan(uuid); // killed if still alive when the node is back
                } else {
                    node.api("uuid_kill " + uuid + " ORIGINATOR_CANCEL"); // best effort: the attempt timed out
                }
                outcome.completeExceptionally(e);
            }
        });
        outcome.whenComplete((o, e) -> {
            if (o != OriginateOutcome.ANSWERED && !legs.isOrphan(uuid)) {
                legs.forget(st);
                st.markGone("originate ended: " + (o != null ? o.wire() : e));
            }
        });
        return outcome;
    }

    /** {@code uuid_kill} on this engine's connection to the leg's node, whoever runs the leg and whatever it does. */
    @Override
    public CompletableFuture<Void> kill(String uuid, String cause) {
        return legs.state(uuid).handle((st, e) -> {
            if (e != null) {
                Throwable cause0 = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause0 instanceof EslException ee && ee.kind() == EslException.Kind.LEG_GONE) {
                    return CompletableFuture.<Void>completedFuture(null); // no node knows it: gone already
                }
                return CompletableFuture.<Void>failedFuture(cause0);
            }
            return hangup(st, cause, true);
        }).thenCompose(f -> f);
    }

    @Override
    public CompletableFuture<Set<String>> alive(Collection<String> uuids) {
        return legs.alive(uuids);
    }

    @Override
    public CompletableFuture<String> sendSms(String from, String to, String body) {
        for (String part : List.of(from, to, body)) {
            if (part.indexOf('|') >= 0 || part.indexOf('\n') >= 0 || part.indexOf('\r') >= 0) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("the chat API cannot carry '|' "
                        + "or line breaks in from, to or body: '" + part.replace("\n", "\\n") + "'"));
            }
        }
        EslClient node = pickNode();
        if (node == null) {
            return CompletableFuture.failedFuture(notConnected("chat to " + to));
        }
        return node.api("chat sip|" + from + "|" + to + "|" + body).thenApply(result -> {
            if (!result.strip().equals("Sent")) {
                throw new EslException(EslException.Kind.REFUSED, node.name(), "node " + node.name()
                        + " did not send the message to " + to + ": " + result.strip(), result.strip());
            }
            return "fs-" + UUID.randomUUID();
        });
    }

    @Override
    public void close() {
        nodes.forEach(EslClient::close);
        timers.shutdownNow();
    }

    // ---- events (reader threads) ----

    private void onEvent(EslClient node, EslEvent e) {
        SwitchEvents sink = events;
        String uuid = e.uuid();
        LegState st = uuid == null ? null : legs.get(uuid);
        switch (e.name() == null ? "" : e.name()) {
            case "CHANNEL_PARK" -> {
                if (st == null && "inbound".equals(e.get("Call-Direction"))
                        && legs.add(new LegState(uuid, node, true, true))) {
                    sink.parked(uuid, e.get("Caller-Caller-ID-Number"), e.get("Caller-Destination-Number"), node.name());
                }
            }
            case "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA" -> {
                if (st != null && st.markRinging()) {
                    sink.ringing(uuid);
                }
            }
            case "CHANNEL_ANSWER" -> {
                if (st != null && st.markAnswered()) {
                    CompletableFuture<OriginateOutcome> originate = st.pendingOriginate();
                    if (originate != null) {
                        originate.complete(OriginateOutcome.ANSWERED);
                    }
                    sink.answered(uuid);
                }
            }
            case "CHANNEL_BRIDGE" -> {
                LegState.Bridge b = st == null ? null : st.bridge();
                if (b != null) {
                    b.otherLeg = e.get("Other-Leg-Unique-ID");
                    b.bridgedAtMillis = clock.millis();
                    if (b.execution != null) {
                        b.execution.cancelDeadline(); // answered: the call may last as long as it likes
                    }
                }
            }
            case "DTMF" -> {
                String digit = e.get("DTMF-Digit");
                if (st != null && digit != null && digit.length() == 1 && "0123456789*#ABCDabcd".indexOf(digit.charAt(0)) >= 0) {
                    sink.dtmf(uuid, Character.toUpperCase(digit.charAt(0)));
                }
            }
            case "CHANNEL_HANGUP_COMPLETE" -> {
                if (st != null) {
                    String cause = e.get("Hangup-Cause");
                    legs.gone(st, cause == null || cause.isEmpty() ? "NORMAL_CLEARING" : cause);
                }
            }
            case "CUSTOM" -> conferences.event(e);
            case "MESSAGE" -> {
                if (e.get("sip_profile") != null || e.get("from_sip_ip") != null) {
                    String key = e.get("Core-UUID") == null || e.get("Event-Sequence") == null ? null
                            : e.get("Core-UUID") + "/" + e.get("Event-Sequence");
                    sink.sms(key, first(e.get("from_user"), e.get("from")), first(e.get("to_user"), e.get("to")),
                            e.body());
                }
            }
            default -> {
            }
        }
    }

    @Override
    public CompletableFuture<Void> conferenceMember(String room, String legUuid, MemberAction action) {
        return conferences.member(room, legUuid, action);
    }

    // ---- for FreeSwitchLeg ----

    FreeSwitchConferences conferences() {
        return conferences;
    }

    FreeSwitchSettings settings() {
        return settings;
    }

    Duration deadline() {
        return settings.commandTimeout();
    }

    Clock clock() {
        return clock;
    }

    CompletableFuture<LegState> state(String uuid) {
        return legs.state(uuid);
    }

    /**
     * FreeSWITCH refused an operation on a tracked leg it no longer finds. A leg that is hanging up is refused from
     * {@code CS_HANGUP} on, before its {@code CHANNEL_HANGUP_COMPLETE} (hangup hooks and CDRs run in between), so
     * the real cause is usually on its way: it has the command deadline to arrive, then the leg is reported gone
     * with {@value #CAUSE_NOT_FOUND}.
     */
    void refusedAsUnknown(LegState st) {
        timers.schedule(() -> legs.gone(st, CAUSE_NOT_FOUND), deadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Void> hangup(LegState st, String cause) {
        return hangup(st, cause, false);
    }

    /** @param kill {@code uuid_kill} even when nothing runs on the leg (another engine may be running it) */
    private CompletableFuture<Void> hangup(LegState st, String cause, boolean kill) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!st.awaitGone(done)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?> sent = kill || st.needsKill() ? st.node.api("uuid_kill " + st.uuid + " " + cause)
                : st.node.sendmsg(st.uuid, Map.of("call-command", "hangup", "hangup-cause", cause));
        sent.whenComplete((v, e) -> {
            if (e instanceof EslException ee && isUnknownLeg(ee)) {
                legs.gone(st, cause); // already gone and we missed it: report it now
            } else if (e != null) {
                done.completeExceptionally(e);
            }
        });
        ScheduledFuture<?> timer = timers.schedule(() -> done.completeExceptionally(new TimeoutException("node "
                + st.node.name() + ": leg " + st.uuid + " not hung up within " + deadline().toMillis() + " ms")),
                deadline().toMillis(), TimeUnit.MILLISECONDS);
        done.whenComplete((v, e) -> timer.cancel(false));
        return done;
    }

    boolean isUnknownLeg(EslException e) {
        String text = e.switchText();
        return e.kind() == EslException.Kind.REFUSED && text != null
                && (text.startsWith("-ERR invalid session id") || text.toLowerCase().contains("no such channel"));
    }

    static RuntimeException unchecked(Throwable e) {
        return e instanceof RuntimeException r ? r : new CompletionException(e);
    }

    // ---- helpers ----

    private EslClient pickNode() {
        for (int i = 0; i < nodes.size(); i++) {
            EslClient n = nodes.get(Math.floorMod(roundRobin.getAndIncrement(), nodes.size()));
            if (n.isConnected()) {
                return n;
            }
        }
        return null;
    }

    private EslException notConnected(String what) {
        return new EslException(EslException.Kind.NOT_CONNECTED, null, "no FreeSWITCH node is connected for "
                + what + " (" + nodeStatus() + ")", (String) null);
    }

    private static String first(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }
}
