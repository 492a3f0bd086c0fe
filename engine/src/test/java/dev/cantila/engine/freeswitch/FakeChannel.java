package dev.cantila.engine.freeswitch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One channel in the fake FreeSWITCH. Like a parked FreeSWITCH session, it has a private queue of {@code sendmsg}
 * messages that its own thread runs one at a time (so {@code event-lock} is always honoured; FreeSWITCH could nest
 * unlocked ones, we never send those): {@code CHANNEL_EXECUTE}, the app, then {@code CHANNEL_EXECUTE_COMPLETE}
 * with {@code Application-UUID} = the sender's {@code Event-UUID}. A running app ends early on {@code uuid_break}
 * (media apps only; a DTMF does not stop media by itself), on a {@code record} terminator digit, or on hangup.
 */
final class FakeChannel {
    private static final String BREAK = "break";
    private static final String HANGUP = "hangup";
    private static final String TERMINATOR = "terminator:";
    private static final java.util.Set<String> MEDIA = java.util.Set.of("speak", "playback", "sleep", "record");
    private static final Map<String, String> STATE_NUMBERS = Map.of("CS_ROUTING", "2", "CS_EXECUTE", "4",
            "CS_HANGUP", "10", "CS_REPORTING", "11");

    sealed interface Msg permits Execute, Hangup {
    }

    record Execute(String app, String arg, String eventUuid) implements Msg {
    }

    record Hangup(String cause) implements Msg {
    }

    private record Running(String app, CompletableFuture<String> stop, boolean breakable, String terminators) {
    }

    final String uuid;
    final boolean inbound;
    final String from;
    final String to;
    final String name;
    final List<FakeFreeSwitch.Executed> log;
    private final FakeFreeSwitch fs;
    private final long created = System.currentTimeMillis() * 1000;
    private final Map<String, String> vars = new LinkedHashMap<>(); // guarded by itself
    private final LinkedBlockingDeque<Msg> queue = new LinkedBlockingDeque<>();
    private final AtomicBoolean gone = new AtomicBoolean();
    private volatile String state = "CS_ROUTING";
    private volatile String callState = "RINGING";
    private volatile String answerState = "ringing";
    private volatile String hangupCause;
    private volatile String killCause;
    private volatile Running running;
    private volatile FakeChannel bridged;

    FakeChannel(FakeFreeSwitch fs, String uuid, boolean inbound, String from, String to, String name,
                List<FakeFreeSwitch.Executed> log) {
        this.fs = fs;
        this.uuid = uuid;
        this.inbound = inbound;
        this.from = from;
        this.to = to;
        this.name = name;
        this.log = log;
        var("direction", inbound ? "inbound" : "outbound");
        var("uuid", uuid);
        var("sip_from_user", from);
        var("sip_to_user", to);
        var("sip_call_id", UUID.randomUUID() + "@198.51.100.7");
    }

    void var(String name, String value) {
        synchronized (vars) {
            vars.put(name, value);
        }
    }

    void unset(String name) {
        synchronized (vars) {
            vars.remove(name);
        }
    }

    String varOr(String name, String dflt) {
        synchronized (vars) {
            return vars.getOrDefault(name, dflt);
        }
    }

    /** Parks the channel: {@code CHANNEL_PARK} now, on the caller's thread, then messages run on its own thread. */
    void park() {
        state = "CS_EXECUTE";
        var("current_application", "park");
        fire("CHANNEL_PARK", Map.of());
        Thread.ofVirtual().name("fake-channel-" + uuid).start(this::loop);
    }

    void enqueue(Msg msg) {
        queue.offerLast(msg);
    }

    /** Hangs up now (remote hangup, {@code uuid_kill}): the running app ends, queued messages are dropped. */
    boolean kill(String cause) {
        if (gone.get()) {
            return false;
        }
        killCause = cause;
        queue.offerFirst(new Hangup(cause));
        Running r = running;
        if (r != null) {
            r.stop.complete(HANGUP);
        }
        return true;
    }

    /** {@code uuid_bridge}: out of park, bridged to {@code other} ({@code CHANNEL_BRIDGE}). */
    void bridgeTo(FakeChannel other) {
        bridged = other;
        fire("CHANNEL_BRIDGE", Map.of("Other-Leg-Unique-ID", other.uuid));
    }

    /**
     * The other leg of the bridge hung up: {@code CHANNEL_UNBRIDGE}, then this leg parks again when
     * {@code park_after_bridge} is true, else it hangs up too ({@code hangup_after_bridge}'s default).
     */
    private void unbridged(FakeChannel other) {
        if (bridged != other) {
            return;
        }
        bridged = null;
        fire("CHANNEL_UNBRIDGE", Map.of("Other-Leg-Unique-ID", other.uuid));
        if (!"true".equals(varOr("park_after_bridge", "false"))) {
            kill("NORMAL_CLEARING");
        }
    }

    /** {@code uuid_break}: ends the media app now playing, if any. */
    void breakMedia() {
        Running r = running;
        if (r != null && r.breakable) {
            r.stop.complete(BREAK);
        }
    }

    /** Ends the running app now with {@code why} (mod_conference's kick or end: the member's app returns). */
    void stopApp(String why) {
        Running r = running;
        if (r != null) {
            r.stop.complete(why);
        }
    }

    void dtmf(char digit, String source) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("DTMF-Digit", String.valueOf(digit));
        h.put("DTMF-Duration", source.equals("RTP") ? "1200" : "2000");
        h.put("DTMF-Source", source);
        fire("DTMF", h);
        Running r = running;
        if (r != null && r.terminators != null && r.terminators.indexOf(digit) >= 0) {
            r.stop.complete(TERMINATOR + digit);
        }
    }

    /** An answer on an outbound leg (originate). */
    void answer() {
        if (!"answered".equals(answerState)) {
            answerState = "answered";
            callState = "ACTIVE";
            fire("CHANNEL_ANSWER", Map.of());
        }
    }

    void progress() {
        answerState = "early";
        callState = "EARLY";
        fire("CHANNEL_PROGRESS", Map.of());
    }

    /**
     * Waits up to {@code d} (null: until hangup) for the running app to be stopped; null when the time ran out, else
     * why ({@code break}, {@code hangup}, {@code terminator:<digit>}). Outside an app (originate ringing, before the
     * channel has a thread) it waits for a hangup only.
     */
    String await(Duration d) {
        Running r = running;
        boolean own = r == null;
        if (own) {
            r = running = new Running("originate", new CompletableFuture<>(), false, null);
            if (killCause != null) {
                r.stop.complete(HANGUP);
            }
        }
        try {
            return d == null ? r.stop.get() : r.stop.get(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HANGUP;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            if (own) {
                running = null;
            }
        }
    }

    boolean hungUp() {
        return killCause != null || gone.get();
    }

    private void loop() {
        try {
            while (true) {
                Msg msg = queue.take();
                if (msg instanceof Hangup h) {
                    finish(h.cause());
                    return;
                }
                execute((Execute) msg);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void execute(Execute e) {
        // the app is interruptible from the moment it shows in the log, so a test that saw it can stop it
        boolean media = MEDIA.contains(e.app()) && !fs.stalled(e.app());
        Running r = new Running(e.app(), new CompletableFuture<>(), media,
                e.app().equals("record") ? varOr("playback_terminators", "*") : null);
        running = r;
        if (killCause != null) {
            r.stop.complete(HANGUP);
        }
        log.add(new FakeFreeSwitch.Executed(e.app(), e.arg()));
        fs.changed();
        var("current_application", e.app());
        if (e.arg() != null) {
            var("current_application_data", e.arg());
        }
        String appUuid = e.eventUuid() != null ? e.eventUuid() : UUID.randomUUID().toString();
        fire("CHANNEL_EXECUTE", appHeaders(e, appUuid, null));
        String response;
        try {
            response = fs.stalled(e.app()) ? stall() : FakeApps.run(this, fs, e.app(), e.arg());
        } finally {
            running = null;
        }
        fire("CHANNEL_EXECUTE_COMPLETE", appHeaders(e, appUuid, response));
    }

    private String stall() {
        await(null);
        return "_none_";
    }

    private static Map<String, String> appHeaders(Execute e, String appUuid, String response) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Application", e.app());
        if (e.arg() != null) {
            h.put("Application-Data", e.arg());
        }
        if (response != null) {
            h.put("Application-Response", response);
        }
        h.put("Application-UUID", appUuid);
        return h;
    }

    /** CHANNEL_HANGUP, then the channel leaves the table, then CHANNEL_HANGUP_COMPLETE. Once. */
    void finish(String cause) {
        if (!gone.compareAndSet(false, true)) {
            return;
        }
        hangupCause = cause;
        answerState = "hangup";
        callState = "HANGUP";
        state = "CS_HANGUP";
        var("hangup_cause", cause);
        fire("CHANNEL_HANGUP", Map.of());
        FakeChannel other = bridged;
        if (other != null) {
            bridged = null;
            other.unbridged(this);
        }
        fs.remove(this);
        Duration reporting = fs.hangupCompleteDelay();
        if (!reporting.isZero()) {
            FakeFreeSwitch.pause(reporting);
        }
        state = "CS_REPORTING";
        fire("CHANNEL_HANGUP_COMPLETE", Map.of());
    }

    void fire(String event, Map<String, String> extra) {
        Map<String, String> h = FakeEvent.standard(event, fs.coreUuid, fs.hostname);
        channelHeaders(h);
        h.putAll(extra);
        fs.fire(new FakeEvent(h, null));
    }

    /** {@code switch_channel_event_set_basic_data}: channel, caller profile, then the variables. */
    private void channelHeaders(Map<String, String> h) {
        String direction = inbound ? "inbound" : "outbound";
        h.put("Channel-State", state);
        h.put("Channel-Call-State", callState);
        h.put("Channel-State-Number", STATE_NUMBERS.get(state));
        h.put("Channel-Name", name);
        h.put("Unique-ID", uuid);
        h.put("Call-Direction", direction);
        h.put("Presence-Call-Direction", direction);
        h.put("Channel-HIT-Dialplan", inbound ? "true" : "false");
        h.put("Channel-Call-UUID", uuid);
        h.put("Answer-State", answerState);
        if (hangupCause != null) {
            h.put("Hangup-Cause", hangupCause);
        }
        h.put("Channel-Read-Codec-Name", "PCMU");
        h.put("Channel-Read-Codec-Rate", "8000");
        h.put("Caller-Direction", direction);
        h.put("Caller-Logical-Direction", direction);
        h.put("Caller-Username", from);
        h.put("Caller-Dialplan", "XML");
        h.put("Caller-Caller-ID-Name", from);
        h.put("Caller-Caller-ID-Number", from);
        h.put("Caller-Orig-Caller-ID-Name", from);
        h.put("Caller-Orig-Caller-ID-Number", from);
        h.put("Caller-Network-Addr", "198.51.100.7");
        h.put("Caller-ANI", from);
        h.put("Caller-Destination-Number", to);
        h.put("Caller-Unique-ID", uuid);
        h.put("Caller-Source", "mod_sofia");
        h.put("Caller-Context", inbound ? "public" : "default");
        h.put("Caller-Channel-Name", name);
        h.put("Caller-Profile-Index", "1");
        h.put("Caller-Profile-Created-Time", Long.toString(created));
        h.put("Caller-Channel-Created-Time", Long.toString(created));
        h.put("Caller-Channel-Answered-Time", "answered".equals(answerState) ? Long.toString(created) : "0");
        h.put("Caller-Channel-Hangup-Time", "0");
        synchronized (vars) {
            vars.forEach((k, v) -> h.put("variable_" + k, v));
        }
    }
}
