package dev.cantila.engine.freeswitch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * A FreeSWITCH for tests and benchmarks: a real TCP server on an ephemeral port speaking the inbound event socket
 * as {@code reference/freeswitch-esl.md} §5.5 lists (auth, exact reply texts, framing and header order, URL-encoded
 * event values, subscriptions and filters, per-channel {@code sendmsg} queues, {@code api} blocking the connection,
 * {@code bgapi} + {@code BACKGROUND_JOB}). Our client talks to it over TCP; nothing here mocks our Java interfaces.
 *
 * <pre>
 * try (FakeFreeSwitch fs = FakeFreeSwitch.start()) {
 *     FreeSwitchSettings settings = FreeSwitchSettings.of(List.of(fs.node("fs1")));
 *     ... start the engine's FreeSwitchSwitch, then fs.awaitSubscribers(1, Duration.ofSeconds(5)) ...
 *     String call = fs.parkInbound("+14155550100", "+14155550199");   // CHANNEL_PARK
 *     fs.dtmf(call, "1#");                                             // DTMF events, '#' on the wire as %23
 *     fs.bridgeOutcome("+14155550123", Outcome.busy());                // how a forward to it ends
 *     assertThat(fs.spoken(call)).contains("Press 1 for sales");        // what the caller heard
 * }
 * </pre>
 *
 * Timing knobs ({@link #mediaDuration}, {@link Outcome#after}) default to a few milliseconds so tests stay fast.
 * Multiple clients may connect at once (two engine instances); every subscribed connection gets every event, as
 * with a real FreeSWITCH.
 */
public final class FakeFreeSwitch implements AutoCloseable {
    public static final String DEFAULT_PASSWORD = "ClueCon";

    /** How a scripted bridge target or originate destination behaves. */
    public record Outcome(Kind kind, Duration after, Duration talk) {
        public enum Kind { ANSWERED, BUSY, NO_ANSWER, FAILED }

        /** Answers after a short ring; the far end hangs up after {@code talk}. */
        public static Outcome answered(Duration talk) {
            return new Outcome(Kind.ANSWERED, Duration.ofMillis(10), talk);
        }

        public static Outcome busy() {
            return new Outcome(Kind.BUSY, Duration.ofMillis(10), Duration.ZERO);
        }

        /** Rings for {@link #after} then gives up ({@code NO_ANSWER}); set a long ring to hit the caller's timeout. */
        public static Outcome noAnswer() {
            return new Outcome(Kind.NO_ANSWER, Duration.ofMillis(10), Duration.ZERO);
        }

        public static Outcome failed() {
            return new Outcome(Kind.FAILED, Duration.ofMillis(5), Duration.ZERO);
        }

        /** The same outcome after ringing for {@code ring}. */
        public Outcome after(Duration ring) {
            return new Outcome(kind, ring, talk);
        }
    }

    /** One app a channel ran, in order, with its argument as FreeSWITCH received it (header or text/plain body). */
    public record Executed(String app, String arg) {
    }

    /** One message sent through {@code api chat}. */
    public record Chat(String proto, String from, String to, String body) {
    }

    /** Where a digit came from: RTP (RFC 2833) or a SIP INFO (which mod_sofia reports as {@code ENDPOINT}). */
    public enum DtmfSource {
        RTP("RTP"), INFO("ENDPOINT"), INBAND("INBAND_AUDIO");

        final String wire;

        DtmfSource(String wire) {
            this.wire = wire;
        }
    }

    final String coreUuid = UUID.randomUUID().toString();
    final String hostname;
    private final String password;
    private final ServerSocket server;
    private final List<FakeSession> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, FakeChannel> channels = new ConcurrentHashMap<>();
    private final FakeConferences conferences = new FakeConferences();
    private final Map<String, List<Executed>> logs = new ConcurrentHashMap<>();
    private final Map<String, Outcome> bridgeOutcomes = new ConcurrentHashMap<>();
    private final Map<String, Outcome> originateOutcomes = new ConcurrentHashMap<>();
    private final Map<String, Duration> slowApis = new ConcurrentHashMap<>();
    private final Set<String> stalledApps = ConcurrentHashMap.newKeySet();
    private final List<Chat> chats = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Object monitor = new Object();
    private volatile Duration mediaDuration = Duration.ofMillis(5);
    private volatile Duration recordTime;
    private volatile Duration hangupCompleteDelay = Duration.ZERO;
    private volatile BiConsumer<String, String> executeListener = (uuid, app) -> { };
    private volatile long recordedMillis = 3000;
    private volatile boolean refusing;
    private volatile boolean chatFails;
    private volatile boolean closed;

    private FakeFreeSwitch(String password, String hostname) throws IOException {
        this.password = password;
        this.hostname = hostname;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        Thread.ofVirtual().name("fake-esl-accept").start(this::acceptLoop);
    }

    public static FakeFreeSwitch start() {
        return start(DEFAULT_PASSWORD, "fake-fs");
    }

    public static FakeFreeSwitch start(String password, String hostname) {
        try {
            return new FakeFreeSwitch(password, hostname);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the fake FreeSWITCH's port", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String password() {
        return password;
    }

    /** This server as a configured node. */
    public FreeSwitchSettings.Node node(String name) {
        return new FreeSwitchSettings.Node("127.0.0.1", port(), password, name);
    }

    /** This server as a {@code CANTILA_FREESWITCH} entry. */
    public String spec(String name) {
        return "127.0.0.1:" + port() + ":" + password + ":" + name;
    }

    // ---- scripting ----

    /** How a {@code bridge} to {@code target} (E.164 or the dial string's last segment) ends. Default: answered, 50 ms talk. */
    public void bridgeOutcome(String target, Outcome outcome) {
        bridgeOutcomes.put(key(target), outcome);
    }

    /** How an {@code originate} to {@code target} ends. Default: answered (then parked). */
    public void originateOutcome(String target, Outcome outcome) {
        originateOutcomes.put(key(target), outcome);
    }

    /** How long each {@code speak}, {@code playback} and {@code record} runs unless interrupted (default 5 ms). */
    public void mediaDuration(Duration d) {
        mediaDuration = d;
    }

    /**
     * How long a hanging-up channel takes from {@code CHANNEL_HANGUP} to {@code CHANNEL_HANGUP_COMPLETE} (hangup hooks,
     * CDR modules); default none. Meanwhile, as in FreeSWITCH, the channel can no longer be located: {@code sendmsg}
     * and {@code uuid_*} commands for it are refused.
     */
    public void hangupCompleteDelay(Duration d) {
        hangupCompleteDelay = d;
    }

    /** How long a {@code record} runs in real time; null (the default) follows {@link #mediaDuration}. */
    public void recordTime(Duration d) {
        recordTime = d;
    }

    /** What the next {@code record}s report as recorded ({@code record_ms}); default 3 s. */
    public void recordOutcome(Duration recorded) {
        recordedMillis = recorded.toMillis();
    }

    /** Makes {@code app} never complete (until the channel hangs up); {@code uuid_break} does not stop it. */
    public void stall(String app) {
        stalledApps.add(app);
    }

    public void unstall(String app) {
        stalledApps.remove(app);
    }

    /** Makes {@code api <command>} take {@code delay}, blocking the connection meanwhile as FreeSWITCH does. */
    public void slowApi(String command, Duration delay) {
        slowApis.put(command, delay);
    }

    /** Makes {@code api chat} answer {@code Error! Message Not Sent}. */
    public void failChat(boolean fail) {
        chatFails = fail;
    }

    // ---- stimuli ----

    /** A new inbound call parked by the dialplan ({@code CHANNEL_PARK}, fired before this returns); its uuid. */
    public String parkInbound(String from, String to) {
        String uuid = UUID.randomUUID().toString();
        FakeChannel ch = channel(uuid, true, from, to, "sofia/external/" + from + "@198.51.100.7:5060");
        ch.park();
        return uuid;
    }

    public void dtmf(String uuid, String digits) {
        dtmf(uuid, digits, DtmfSource.RTP);
    }

    /** One {@code DTMF} event per digit, fired before this returns. A digit does not stop media by itself. */
    public void dtmf(String uuid, String digits, DtmfSource source) {
        FakeChannel ch = live(uuid);
        for (char c : digits.toCharArray()) {
            ch.dtmf(c, source.wire);
        }
    }

    /** The far end hangs up with {@code cause}: the running app ends, then CHANNEL_HANGUP(_COMPLETE). */
    public void hangup(String uuid, String cause) {
        live(uuid).kill(cause);
    }

    /** An inbound SIP MESSAGE ({@code MESSAGE} event as mod_sofia builds it). */
    public void message(String from, String to, String body) {
        Map<String, String> h = FakeEvent.standard("MESSAGE", coreUuid, hostname);
        h.put("login", "sip:mod_sofia@198.51.100.1:5060");
        h.put("proto", "sip");
        h.put("to_proto", "sip");
        h.put("from", from + "@198.51.100.7");
        h.put("from_user", from);
        h.put("from_host", "198.51.100.7");
        h.put("to_user", to);
        h.put("to_host", "198.51.100.1");
        h.put("from_sip_ip", "198.51.100.7");
        h.put("from_sip_port", "5060");
        h.put("to", to + "@198.51.100.1");
        h.put("subject", "SIMPLE MESSAGE");
        h.put("context", "public");
        h.put("type", "text/plain");
        h.put("from_full", "<sip:" + from + "@198.51.100.7>;tag=a1b2c3");
        h.put("sip_profile", "external");
        h.put("Delivery-Failure", "false");
        fire(new FakeEvent(h, body));
    }

    /** Closes every connection at once, without a goodbye. Channels live on; events meanwhile are lost. */
    public void dropConnections() {
        sessions.forEach(FakeSession::drop);
    }

    /** While true, new connections are closed as soon as they are accepted. */
    public void refuseConnections(boolean refuse) {
        refusing = refuse;
    }

    // ---- observation ----

    public List<Executed> executed(String uuid) {
        return List.copyOf(logs.getOrDefault(uuid, List.of()));
    }

    /** The texts {@code speak} said on the channel ({@code engine|voice|text} → text), in order. */
    public List<String> spoken(String uuid) {
        List<String> out = new ArrayList<>();
        for (Executed e : executed(uuid)) {
            if (e.app().equals("speak") && e.arg() != null) {
                String[] p = e.arg().split("\\|", 3);
                out.add(p[p.length - 1]);
            }
        }
        return out;
    }

    public List<Chat> chats() {
        return List.copyOf(chats);
    }

    public boolean exists(String uuid) {
        return channels.containsKey(uuid);
    }

    public Set<String> liveChannels() {
        return Set.copyOf(channels.keySet());
    }

    /**
     * Told of each {@code sendmsg} execute as it arrives (the channel's uuid, the app), before the channel runs it,
     * on the connection's thread: benchmarks time the engine with it. Must return quickly.
     */
    public void onExecute(BiConsumer<String, String> listener) {
        executeListener = listener;
    }

    /** Every command line received, in order, from every connection. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    public int connections() {
        return sessions.size();
    }

    /** Waits until {@code n} connections are authenticated and subscribed. */
    public void awaitSubscribers(int n, Duration timeout) {
        await(timeout, () -> sessions.stream().filter(FakeSession::subscribed).count() >= n,
                () -> n + " subscribed connections (have " + sessions.stream().filter(FakeSession::subscribed).count() + ")");
    }

    /** Waits until a chat (SIP MESSAGE) matching {@code which} was sent; returns it. */
    public Chat awaitChat(java.util.function.Predicate<Chat> which, Duration timeout) {
        await(timeout, () -> chats.stream().anyMatch(which), () -> "a matching chat (have " + chats + ")");
        return chats.stream().filter(which).findFirst().orElseThrow();
    }

    /** Waits until no channel is left (every call hung up and torn down). */
    public void awaitNoChannels(Duration timeout) {
        await(timeout, channels::isEmpty, () -> "no live channels (have " + channels.keySet() + ")");
    }

    /** Waits until the channel has started running {@code app}. */
    public void awaitExecuted(String uuid, String app, Duration timeout) {
        await(timeout, () -> executed(uuid).stream().anyMatch(e -> e.app().equals(app)),
                () -> uuid + " to run " + app + " (ran " + executed(uuid) + ")");
    }

    private void await(Duration timeout, BooleanSupplier done, java.util.function.Supplier<String> what) {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (!done.getAsBoolean()) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("fake FreeSWITCH: timed out after " + timeout.toMillis()
                            + " ms waiting for " + what.get());
                }
                try {
                    monitor.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        dropConnections();
        channels.values().forEach(ch -> ch.kill("SYSTEM_SHUTDOWN"));
    }

    // ---- package-private: what sessions and channels call ----

    void changed() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    void ended(FakeSession s) {
        sessions.remove(s);
        changed();
    }

    void logCommand(String line) {
        commands.add(line);
    }

    void fire(FakeEvent e) {
        for (FakeSession s : sessions) {
            s.offer(e);
        }
    }

    void remove(FakeChannel ch) {
        channels.remove(ch.uuid);
        changed();
    }

    boolean stalled(String app) {
        return stalledApps.contains(app);
    }

    Duration mediaDuration() {
        return mediaDuration;
    }

    Duration hangupCompleteDelay() {
        return hangupCompleteDelay;
    }

    Duration recordTime() {
        Duration d = recordTime;
        return d != null ? d : mediaDuration;
    }

    long recordedMillis() {
        return recordedMillis;
    }

    Outcome bridgeOutcome(String target) {
        return bridgeOutcomes.getOrDefault(key(target), Outcome.answered(Duration.ofMillis(50)));
    }

    /** {@code sendmsg <uuid>}: false when there is no such channel. */
    boolean sendmsg(String uuid, EslFrame f) {
        FakeChannel ch = channels.get(uuid);
        if (ch == null) {
            return false;
        }
        String command = f.header("call-command");
        if ("execute".equals(command)) {
            executeListener.accept(uuid, f.header("execute-app-name"));
            String arg = f.header("execute-app-arg");
            if (arg == null && "text/plain".equals(f.contentType())) {
                arg = f.bodyText();
            }
            ch.enqueue(new FakeChannel.Execute(f.header("execute-app-name"), arg, f.header("Event-UUID")));
        } else if ("hangup".equals(command)) {
            String cause = f.header("hangup-cause");
            ch.enqueue(new FakeChannel.Hangup(cause == null ? "NORMAL_CLEARING" : cause));
        }
        return true;
    }

    void backgroundJob(String job, String command) {
        FakeApi.backgroundJob(this, job, command);
    }

    /** Runs an API command as {@code mod_commands} would; its output. */
    String api(String line) {
        return FakeApi.run(this, line);
    }

    Duration slowness(String command) {
        return slowApis.get(command);
    }

    FakeConferences conferences() {
        return conferences;
    }

    FakeChannel channelOf(String uuid) {
        return channels.get(uuid);
    }

    List<FakeChannel> channelList() {
        return List.copyOf(channels.values());
    }

    /** {@code api chat}: records the message, or answers as a refusing node does. */
    String chat(Chat chat) {
        if (chatFails) {
            return "Error! Message Not Sent";
        }
        chats.add(chat);
        changed();
        return "Sent";
    }

    FakeChannel channel(String uuid, boolean inbound, String from, String to, String name) {
        List<Executed> log = new CopyOnWriteArrayList<>();
        logs.put(uuid, log);
        FakeChannel ch = new FakeChannel(this, uuid, inbound, from, to, name, log);
        channels.put(uuid, ch);
        return ch;
    }

    Outcome originateOutcome(String target) {
        return originateOutcomes.getOrDefault(key(target), Outcome.answered(Duration.ofSeconds(3600)));
    }

    private FakeChannel live(String uuid) {
        FakeChannel ch = channels.get(uuid);
        if (ch == null) {
            throw new IllegalArgumentException("fake FreeSWITCH has no channel " + uuid + " (live: "
                    + channels.keySet() + ")");
        }
        return ch;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                if (refusing) {
                    s.close();
                    continue;
                }
                s.setTcpNoDelay(true);
                FakeSession session = new FakeSession(this, s);
                sessions.add(session);
                session.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d); // simulated work inside the fake switch, not test synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Bridge and originate outcomes are keyed by digits alone, so {@code +1415...} and {@code 1415...} match. */
    static String key(String target) {
        String t = target.trim();
        String digits = t.startsWith("+") ? t.substring(1) : t;
        return digits.chars().allMatch(Character::isDigit) ? digits : t;
    }
}
