package dev.cantila.engine.voice;

import dev.cantila.engine.config.Settings;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The {@code stub} telephony provider's switch: legs in memory, media that takes configurable time on the injected
 * {@link Timers}, forward and outbound targets that answer, are busy, do not answer or fail as configured, and
 * recordings written as small real WAV files. The simulation API ({@code /v1/sim/...}) plays the caller: it parks
 * inbound calls, presses digits, hangs up, and shows what the caller heard. The voice domain drives it through the
 * same seam as FreeSWITCH, so the same call-session code runs on both.
 */
public final class SimulatedSwitch implements VoiceSwitch {
    private static final int KEPT_TRANSCRIPTS = 1000;

    private final Timers timers;
    private final Clock clock;
    private final Executor pool;
    private final Settings.SimVoiceSettings settings;
    private final Map<String, SimLeg> legs = new ConcurrentHashMap<>();
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final Map<String, SimRoom> rooms = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, Object>>> transcripts = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<Map<String, Object>>> eldest) {
                    return size() > KEPT_TRANSCRIPTS;
                }
            });
    private volatile SwitchEvents events;

    /** How a forward or outbound target behaves: answered, busy, no-answer or failed; talking for {@code talk}. */
    public record Target(String answer, Duration talk) {
    }

    public SimulatedSwitch(Timers timers, Clock clock, Executor pool, Settings.SimVoiceSettings settings) {
        this.timers = timers;
        this.clock = clock;
        this.pool = pool;
        this.settings = settings;
        settings.targets().forEach((e164, answer) -> targets.put(e164, new Target(answer, settings.talk())));
    }

    @Override
    public void start(SwitchEvents sink) {
        this.events = sink;
    }

    /** A leg seen before and gone is dead (its operations fail); an unknown one is an outbound leg to come. */
    @Override
    public Leg leg(String uuid) {
        SimLeg leg = legs.get(uuid);
        if (leg != null) {
            return leg;
        }
        if (transcripts.containsKey(uuid)) {
            SimLeg dead = new SimLeg(this, uuid, new Inbox("sim leg " + uuid, pool), "gone");
            dead.alive = false;
            return dead;
        }
        return legs.computeIfAbsent(uuid, u -> new SimLeg(this, u, new Inbox("sim leg " + u, pool), "outbound"));
    }

    @Override
    public CompletableFuture<OriginateOutcome> originate(String uuid, String from, String to, Duration timeout) {
        SimLeg leg = legs.computeIfAbsent(uuid, u -> new SimLeg(this, u, new Inbox("sim leg " + u, pool), "outbound"));
        CompletableFuture<OriginateOutcome> result = new CompletableFuture<>();
        leg.inbox.execute(() -> {
            heard(leg, "dial", to);
            events.ringing(uuid);
            Target t = target(to);
            leg.number = to;
            leg.talk = t.talk();
            switch (t.answer()) {
                case "answered" -> {
                    leg.answered = true;
                    heard(leg, "answered", to);
                    events.answered(uuid);
                    result.complete(OriginateOutcome.ANSWERED);
                }
                case "no-answer" -> timers.schedule(timeout, () -> leg.inbox.execute(() -> {
                    heard(leg, "no-answer", to);
                    legs.remove(uuid);
                    result.complete(OriginateOutcome.NO_ANSWER);
                }));
                default -> {
                    heard(leg, t.answer(), to);
                    legs.remove(uuid);
                    result.complete(t.answer().equals("busy") ? OriginateOutcome.BUSY : OriginateOutcome.FAILED);
                }
            }
        });
        return result;
    }

    @Override
    public CompletableFuture<Set<String>> alive(Collection<String> uuids) {
        Set<String> out = new HashSet<>(uuids);
        out.retainAll(legs.keySet());
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletableFuture<String> sendSms(String from, String to, String body) {
        return CompletableFuture.completedFuture("sim-" + UUID.randomUUID());
    }

    @Override
    public CompletableFuture<Void> conferenceMember(String room, String legUuid, MemberAction action) {
        SimRoom r = rooms.get(room);
        if (r != null) {
            switch (action) {
                case MUTE -> r.mute(legUuid, true);
                case UNMUTE -> r.mute(legUuid, false);
                case KICK -> r.kick(legUuid);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        legs.clear();
    }

    // ---- the simulated caller ----

    /** A new inbound leg from {@code from} dialling {@code to}, parked; completes when the domain was told. */
    public CompletableFuture<String> inboundCall(String from, String to) {
        String uuid = UUID.randomUUID().toString();
        SimLeg leg = newLeg(uuid, "inbound");
        leg.number = from;
        CompletableFuture<String> parked = new CompletableFuture<>();
        leg.inbox.execute(() -> {
            heard(leg, "parked", from + " -> " + to);
            events.parked(uuid, from, to, "sim");
            parked.complete(uuid);
        });
        return parked;
    }

    /** Presses {@code digits} (0-9 * # A-D) on a live leg, one DTMF event each. */
    public void dtmf(String uuid, String digits) {
        SimLeg leg = live(uuid);
        for (char d : digits.toCharArray()) {
            leg.inbox.execute(() -> leg.dtmf(d));
        }
    }

    /**
     * The caller says {@code text} on a live leg: written to the transcript, heard by the other members when the leg
     * is in a conference, then given to {@code heard}.
     */
    public void speech(String uuid, String text, Runnable heard) {
        SimLeg leg = live(uuid);
        leg.inbox.execute(() -> {
            heard(leg, "speech", text);
            SimRoom room = leg.room;
            if (room != null) {
                room.speech(leg, text);
            }
            heard.run();
        });
    }

    /** The caller hangs up ({@code farEnd}: the forwarded party hangs up instead, ending the bridge). */
    public void hangup(String uuid, boolean farEnd) {
        SimLeg leg = live(uuid);
        leg.inbox.execute(() -> {
            if (!farEnd || !leg.farEndHangup()) {
                leg.gone("NORMAL_CLEARING");
            }
        });
    }

    /** The next operation queued on the leg never completes (to exercise deadlines). */
    public void stallNext(String uuid) {
        SimLeg leg = live(uuid);
        leg.inbox.execute(() -> leg.stallNext = true);
    }

    public void target(String e164, Target behaviour) {
        targets.put(e164, behaviour);
    }

    /** What happened on the leg (said, played, pressed, bridged...), newest last; empty for an unknown leg. */
    public Optional<Map<String, Object>> transcript(String uuid) {
        List<Map<String, Object>> lines = transcripts.get(uuid);
        if (lines == null) {
            return Optional.empty();
        }
        SimLeg leg = legs.get(uuid);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("legId", uuid);
        out.put("alive", leg != null && leg.alive);
        synchronized (lines) {
            out.put("events", List.copyOf(lines));
        }
        return Optional.of(out);
    }

    /**
     * Waits until the leg's events satisfy {@code condition} (for demos and tests: no sleeping and hoping).
     *
     * @return whether it did within {@code timeout}
     */
    public boolean await(String uuid, Predicate<List<Map<String, Object>>> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (transcripts) {
            while (true) {
                List<Map<String, Object>> lines = transcripts.get(uuid);
                if (lines != null && condition.test(snapshot(lines))) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                transcripts.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private static List<Map<String, Object>> snapshot(List<Map<String, Object>> lines) {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    // ---- for the legs ----

    SwitchEvents events() {
        return events;
    }

    Timers timers() {
        return timers;
    }

    Clock clock() {
        return clock;
    }

    Duration mediaTime() {
        return settings.media();
    }

    Duration speechTime() {
        return settings.speech();
    }

    Target target(String e164) {
        return targets.getOrDefault(e164, new Target(settings.answer(), settings.talk()));
    }

    void heard(SimLeg leg, String type, String detail) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", type);
        if (detail != null) {
            line.put("detail", detail);
        }
        synchronized (transcripts) {
            List<Map<String, Object>> lines = transcripts.computeIfAbsent(leg.uuid, k -> new ArrayList<>());
            synchronized (lines) {
                lines.add(line);
            }
            transcripts.notifyAll();
        }
    }

    SimRoom room(String name) {
        return rooms.computeIfAbsent(name, n -> new SimRoom(this, n));
    }

    void roomEmpty(String name, SimRoom room) {
        rooms.remove(name, room);
    }

    void gone(SimLeg leg) {
        legs.remove(leg.uuid, leg);
    }

    private SimLeg newLeg(String uuid, String direction) {
        SimLeg leg = new SimLeg(this, uuid, new Inbox("sim leg " + uuid, pool), direction);
        legs.put(uuid, leg);
        return leg;
    }

    /** The live leg {@code uuid}, or null. */
    SimLeg liveLeg(String uuid) {
        SimLeg leg = legs.get(uuid);
        return leg == null || !leg.alive ? null : leg;
    }

    private SimLeg live(String uuid) {
        SimLeg leg = legs.get(uuid);
        if (leg == null) {
            throw new dev.cantila.engine.core.ApiException(dev.cantila.engine.core.ApiException.Kind.CONFLICT,
                    "call_ended", "the simulated leg " + uuid + " has hung up", null);
        }
        return leg;
    }
}
