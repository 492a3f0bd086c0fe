package dev.cantila.engine.voice;

import dev.cantila.webhooks.outbound.TargetPolicy;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.numbers.HeldNumber;
import dev.cantila.engine.numbers.Numbers;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.scripts.Routing;
import dev.cantila.engine.scripts.VoiceHandlers;
import dev.cantila.engine.storage.Database;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The calls of this engine: receives the switch's events ({@link SwitchEvents}) and posts each to its call's
 * inbox (never doing the work on the switch's thread), admits inbound calls (the dialled number matched against
 * held numbers in any of the forms switches use, then the number's voice route), places outbound calls, and hangs
 * calls up on request. Live calls are kept in a map by leg UUID until they end and their handler is over.
 *
 * <p>Several instances on one database and one switch: every instance hears every park, and the one whose claim
 * on the leg ({@link LegClaims}) wins runs the call; the others drop it before sending any command. A call placed
 * by the API is claimed before its originate. Calls run elsewhere are hung up and, when their instance stops
 * heartbeating, ended through {@link ForeignCalls}.
 */
public final class VoiceCalls implements SwitchEvents {
    private static final Logger LOG = Logger.getLogger(VoiceCalls.class.getName());

    /** Where SMS arriving through the switch go: the normal inbound SMS pipeline. */
    @FunctionalInterface
    public interface SmsSink {
        void receive(String from, String to, String body);
    }

    /**
     * {@code POST …/voice/calls}: exactly one of script and url.
     *
     * @param params strings the handler sees as {@code call.params} (may be null)
     * @param format of a url: cantila (JSON actions, the default) or twilio (TwiML, as Twilio's calls.create Url)
     * @param method of a twilio url: POST (default) or GET
     */
    public record Outbound(String to, String from, String script, String url, Integer timeoutSeconds,
                           Map<String, String> params, String format, String method) {
    }

    private final Database db;
    private final Ids ids;
    private final VoiceSwitch voiceSwitch;
    private final CallStore store;
    private final CallRouter router;
    private final VoiceHandlers handlers;
    private final Numbers numbers;
    private final SmsSink sms;
    private final Executor pool;
    private final TargetPolicy targets;
    private final ConcurrentHashMap<String, LiveCall> live = new ConcurrentHashMap<>();
    /** The call ids of the last inbound legs this instance admitted and has released already (see {@link #admission}). */
    private final Map<String, String> admittedEnded = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > 1024;
                }
            });
    private VoiceEnv env;
    private ForeignCalls foreign;
    private OutboundCalls outbound;

    VoiceCalls(VoiceModule.Services s, VoiceSwitch voiceSwitch, CallStore store, CallRouter router, Executor pool) {
        this.db = s.db();
        this.ids = s.ids();
        this.voiceSwitch = voiceSwitch;
        this.store = store;
        this.router = router;
        this.handlers = s.handlers();
        this.numbers = s.numbers();
        this.sms = s.sms();
        this.pool = pool;
        this.targets = s.urls().policy();
    }

    void env(VoiceEnv env) {
        this.env = env;
        // bounded by a third of the lease: adoption runs on the heartbeat, which must not miss its own renewal
        Duration wait = env.opTimeout().compareTo(env.claims().lease().dividedBy(3)) < 0 ? env.opTimeout()
                : env.claims().lease().dividedBy(3);
        this.foreign = new ForeignCalls(store, voiceSwitch, env.claims(), wait);
        this.outbound = new OutboundCalls(this, env, voiceSwitch, router, handlers, numbers, targets);
    }

    /** Ends the calls of instances whose lease expired (see {@link ForeignCalls}); how many legs were adopted. */
    int adoptOrphans() {
        return foreign.adoptOrphans();
    }

    /** Calls alive in this engine (a call, its inbox, its handler session): zero when all calls are over. */
    public int liveCalls() {
        return live.size();
    }

    void release(LiveCall call) {
        String admittedAs = call.admitted.getNow(null);
        if (admittedAs != null) {
            admittedEnded.put(call.uuid, admittedAs); // before the live entry goes: admission never sees neither
        }
        if (live.remove(call.uuid, call)) {
            try {
                env.claims().release(call.uuid);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "call " + call.uuid + ": releasing its leg claim failed; it stays until this"
                        + " instance's lease expires", e);
            }
        }
    }

    private LiveCall newCall(String uuid, String direction) {
        return new LiveCall(env, uuid, new Inbox("call " + uuid, pool), voiceSwitch.leg(uuid), direction);
    }

    private void post(String uuid, Consumer<LiveCall> work) {
        LiveCall c = live.get(uuid);
        if (c != null) {
            c.inbox.execute(() -> work.accept(c));
        }
    }

    // ---- switch events: return at once ----

    @Override
    public void parked(String uuid, String from, String to, String node) {
        LiveCall c = newCall(uuid, "inbound");
        if (live.putIfAbsent(uuid, c) == null) {
            c.inbox.execute(() -> admit(c, from, to, node));
        }
    }

    @Override
    public void ringing(String uuid) {
        post(uuid, LiveCall::ringing);
    }

    @Override
    public void answered(String uuid) {
        post(uuid, LiveCall::answeredBySwitch);
    }

    @Override
    public void dtmf(String uuid, char digit) {
        post(uuid, c -> c.digit(digit));
    }

    /** Words the caller said on a live leg (the simulated switch only: FreeSWITCH has no ASR here). */
    public void speech(String uuid, String text, double confidence) {
        post(uuid, c -> c.speech(text, confidence));
    }

    @Override
    public void hungUp(String uuid, String cause) {
        post(uuid, c -> c.end(cause == null ? "NORMAL_CLEARING" : cause));
    }

    @Override
    public void sms(String eventKey, String from, String to, String body) {
        pool.execute(() -> {
            try {
                if (eventKey != null && !env.claims().claimEvent(eventKey)) {
                    return; // every instance connected to the node heard it: another one takes it in
                }
                sms.receive(from, to, body);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "inbound SMS from the switch (" + from + " -> " + to + ") refused", e);
            }
        });
    }

    /**
     * The future of this instance's admission of an inbound leg: the call id, or null when the number is nobody's
     * (or another instance claimed the leg). A leg that is no longer live may have been admitted, ended and released
     * already (an unrouted call fails at once): the last 1,024 such legs this instance admitted still answer with
     * their call; empty for a leg this instance never heard of, refused, or left to another instance.
     */
    public Optional<CompletableFuture<String>> admission(String uuid) {
        LiveCall c = live.get(uuid);
        if (c != null) {
            return Optional.of(c.admitted);
        }
        return Optional.ofNullable(admittedEnded.get(uuid)).map(CompletableFuture::completedFuture);
    }

    private void admit(LiveCall c, String fromRaw, String toRaw, String node) {
        if (!env.claims().claim(c.uuid)) {
            LOG.fine("inbound call " + c.uuid + ": another engine instance claimed it");
            live.remove(c.uuid, c);
            c.admitted.complete(null);
            return;
        }
        Optional<HeldNumber> held = dialled(toRaw, fromRaw);
        if (held.isEmpty()) {
            LOG.info("inbound call " + c.uuid + " to " + toRaw + ": no project holds that number; rejected");
            c.leg.hangup("UNALLOCATED_NUMBER");
            c.admitted.complete(null);
            release(c);
            return;
        }
        String to = held.get().e164();
        Optional<Routing.Route> route = handlers.route(to);
        Call call = store.insert(new CallStore.NewCall(ids.next("call"), held.get().projectId(), "inbound",
                caller(fromRaw, to), to, CallStatus.RINGING, c.uuid, node, route.map(Routing.Route::kind).orElse(null),
                route.map(Routing.Route::target).orElse(null), Map.of()));
        c.begin(call);
        if (route.isEmpty()) {
            store.event(call.id(), "no_route", to + " has no voice routing");
            c.hangupLocal("NO_ROUTE_DESTINATION");
            return;
        }
        c.handle(() -> router.start(c, route.get()));
    }

    /** The held, voice-capable number dialled as {@code +14155550100}, {@code 14155550100} or a national form. */
    public Optional<HeldNumber> dialled(String raw, String fromRaw) {
        String digits = raw == null ? "" : raw.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            return Optional.empty();
        }
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add("+" + digits);
        if (!raw.strip().startsWith("+")) {
            List<String> regions = new ArrayList<>();
            e164(fromRaw, null).ifPresent(f -> regions.add(PhoneNumbers.regionOf(f)));
            regions.addAll(Numbers.COUNTRIES.stream().sorted().toList().reversed());
            regions.forEach(region -> e164(digits, region).ifPresent(candidates::add));
        }
        for (String e164 : candidates) {
            Optional<HeldNumber> n = holder(e164).flatMap(project -> numbers.held(project, e164))
                    .filter(HeldNumber::voice);
            if (n.isPresent()) {
                return n;
            }
        }
        return Optional.empty();
    }

    /** The project holding {@code e164}, if any. */
    public Optional<String> holder(String e164) {
        return Database.one(db.exec(), "SELECT project_id FROM numbers WHERE e164 = ? AND status = 'held'",
                r -> Database.str(r, "project_id"), e164);
    }

    private static Optional<String> e164(String raw, String region) {
        try {
            return Optional.of(PhoneNumbers.toE164(raw, region, "number"));
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    /** The caller as E.164 when it is a number, else as the switch gave it (anonymous, a SIP user), cut to fit. */
    private static String caller(String raw, String to) {
        String text = raw == null || raw.isBlank() ? "anonymous" : raw.strip();
        return e164(text, PhoneNumbers.regionOf(to)).orElse(text.length() > 20 ? text.substring(0, 20) : text);
    }

    // ---- API ----

    public Call originate(String projectId, Outbound r) {
        return outbound.originate(projectId, r);
    }

    /** See {@link OutboundCalls#originateProgram}. */
    public Call originateProgram(String projectId, String from, String to, String kind, String target,
                                 int timeoutSeconds) {
        return outbound.originateProgram(projectId, from, to, kind, target, timeoutSeconds);
    }

    /** See {@link OutboundCalls#startFromFunction}. */
    public String startFromFunction(String projectId, String fromRaw, String toRaw, String url, String scriptId,
                                    String path) {
        return outbound.startFromFunction(projectId, fromRaw, toRaw, url, scriptId, path);
    }

    /** See {@link OutboundCalls#dialIn}. */
    public dev.cantila.engine.conference.DialIn.Placed dialIn(String projectId, String name,
                                                              dev.cantila.engine.conference.DialIn d) {
        return outbound.dialIn(projectId, name, d);
    }

    /** See {@link OutboundCalls#dialChild}. */
    VoiceEnv.Child dialChild(Call parent, String from, String to, Duration timeout) {
        return outbound.dialChild(parent, from, to, timeout);
    }

    /**
     * A new live outbound call: its leg claimed, its row inserted (route {@code kind}/{@code target}), kept in the
     * live map until it ends; begun in its inbox, where the caller goes on.
     */
    NewLeg register(String projectId, String from, String to, String kind, String target, Map<String, String> params) {
        String uuid = UUID.randomUUID().toString();
        if (!env.claims().claim(uuid)) {
            throw new IllegalStateException("leg " + uuid + " of a new outbound call is claimed already");
        }
        Call call;
        try {
            call = store.insert(new CallStore.NewCall(ids.next("call"), projectId, "outbound", from, to,
                    CallStatus.QUEUED, uuid, null, kind, target, params));
        } catch (RuntimeException e) {
            env.claims().release(uuid);
            throw e;
        }
        LiveCall c = newCall(uuid, "outbound");
        live.put(uuid, c);
        c.inbox.execute(() -> c.begin(call));
        return new NewLeg(call, c);
    }

    /** A call just placed: its row as stored, and its live call. */
    record NewLeg(Call call, LiveCall live) {
    }

    /** Hangs a live call up (before answer: canceled) and returns it ended. 409 when it already ended. */
    public Call hangup(String projectId, String callId) {
        Call call = store.get(projectId, callId);
        CallStatus status = CallStatus.fromWire(call.status());
        if (status.isTerminal()) {
            throw ApiException.conflict("call_ended", "call " + callId + " already ended (" + call.status() + ")");
        }
        String uuid = store.leg(projectId, callId);
        LiveCall c = live.get(uuid);
        if (c != null) {
            c.inbox.execute(() -> c.hangupLocal("NORMAL_CLEARING"));
            try {
                c.finished.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warning("call " + callId + ": not ended 10 s after the hangup request");
            }
        } else {
            foreign.hangup(new CallStore.Unfinished(callId, uuid, status, call.answeredAt() != null));
        }
        return store.get(projectId, callId);
    }

    /**
     * Ends the calls the database thinks are live but this engine does not hold: those the switch no longer knows
     * (lost while we were down) end now. Calls the switch still holds are left alone: another engine instance may
     * be running them. Returns how many were ended.
     */
    public int reconcile() {
        List<CallStore.Unfinished> orphans = store.unfinished().stream().filter(u -> !live.containsKey(u.legUuid()))
                .toList();
        if (orphans.isEmpty()) {
            return 0;
        }
        Set<String> alive;
        try {
            alive = voiceSwitch.alive(orphans.stream().map(CallStore.Unfinished::legUuid).toList())
                    .get(env.opTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "reconciling " + orphans.size() + " calls: the switch did not answer", e);
            return 0;
        }
        int ended = 0;
        for (CallStore.Unfinished u : orphans) {
            if (!alive.contains(u.legUuid()) && !live.containsKey(u.legUuid())) {
                lost(u);
                ended++;
            }
        }
        return ended;
    }

    private void lost(CallStore.Unfinished u) {
        String cause = "LOSE_RACE";
        CallStatus terminal = CallStatus.terminal(u.answered(), cause);
        if (u.status().canMoveTo(terminal)) {
            store.move(u.id(), u.status(), terminal, cause);
        }
    }
}
