package dev.cantila.engine.freeswitch;

import dev.cantila.runtime.host.CallChannel;
import dev.cantila.engine.voice.Leg;
import dev.cantila.engine.voice.VoiceSwitch.OriginateOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import static dev.cantila.engine.freeswitch.EslTesting.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** FreeSwitchSwitch against fake FreeSWITCH nodes over TCP: event mapping and every Leg operation. */
class FreeSwitchSwitchIT {
    private final List<AutoCloseable> open = new ArrayList<>();
    private final SwitchRecorder heard = new SwitchRecorder();
    private FakeFreeSwitch fs;
    private FreeSwitchSwitch sw;

    /** Every reading moves seven seconds on, so a bridge's duration is exactly 7 s. */
    private static final class SteppingClock extends Clock {
        private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.getAndAdd(7000));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private FakeFreeSwitch fake(String name) {
        FakeFreeSwitch f = FakeFreeSwitch.start(FakeFreeSwitch.DEFAULT_PASSWORD, name);
        open.add(f);
        return f;
    }

    private FreeSwitchSwitch start(Duration commandTimeout, FakeFreeSwitch... nodes) throws Exception {
        List<FreeSwitchSettings.Node> list = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            list.add(nodes[i].node("fs" + (i + 1)));
        }
        FreeSwitchSettings settings = new FreeSwitchSettings(list, null, null, null, commandTimeout,
                Duration.ofMillis(200));
        FreeSwitchSwitch s = new FreeSwitchSwitch(settings, new SteppingClock(), new Random(7));
        open.add(s);
        s.start(heard);
        s.ready().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    private void startOne() throws Exception {
        fs = fake("fake-fs");
        sw = start(Duration.ofSeconds(2), fs);
    }

    private String parked(String from, String to) throws InterruptedException {
        String uuid = fs.parkInbound(from, to);
        heard.await("parked " + uuid);
        return uuid;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void parkAnswerDtmfAndHangupAreReportedOnceInOrder() throws Exception {
        startOne();
        String call = fs.parkInbound("+14155550100", "14155550199");
        assertThat(heard.await("parked " + call)).isEqualTo("parked " + call + " +14155550100 14155550199 fs1");
        await(sw.leg(call).answer());
        assertThat(heard.await("answered " + call)).isNotNull();
        fs.dtmf(call, "1#");
        fs.dtmf(call, "*", FakeFreeSwitch.DtmfSource.INFO);
        assertThat(heard.await("dtmf " + call)).isEqualTo("dtmf " + call + " 1");
        assertThat(heard.await("dtmf " + call)).isEqualTo("dtmf " + call + " #");
        assertThat(heard.await("dtmf " + call)).isEqualTo("dtmf " + call + " *");
        fs.hangup(call, "NORMAL_CLEARING");
        assertThat(heard.await("hungUp " + call)).isEqualTo("hungUp " + call + " NORMAL_CLEARING");
        await(sw.leg(call).hangup(null)); // already gone: nothing to do
        String national = parked("4155550100", "4155550199");
        assertThat(heard.all()).contains("parked " + national + " 4155550100 4155550199 fs1");
        assertThat(heard.count("hungUp " + call)).isEqualTo(1);
        assertThat(heard.count("answered " + call)).isEqualTo(1);
    }

    @Test
    void mediaOperationsRunInOrderAndTheCallerHearsThem() throws Exception {
        startOne();
        String call = parked("+14155550100", "+14155550199");
        Leg leg = sw.leg(call);
        CompletableFuture<Void> a = leg.answer();
        CompletableFuture<Void> s1 = leg.speak("Press 1 for sales", null);
        CompletableFuture<Void> s2 = leg.speak("Pour l'accueil, faites le 2 #", "slt");
        CompletableFuture<Void> p = leg.play("ivr/ivr-welcome.wav");
        CompletableFuture<Void> z = leg.pause(Duration.ofMillis(30));
        await(CompletableFuture.allOf(a, s1, s2, p, z));
        assertThat(fs.spoken(call)).containsExactly("Press 1 for sales", "Pour l'accueil, faites le 2 #");
        assertThat(fs.executed(call)).containsExactly(new FakeFreeSwitch.Executed("answer", null),
                new FakeFreeSwitch.Executed("speak", "flite|kal|Press 1 for sales"),
                new FakeFreeSwitch.Executed("speak", "flite|slt|Pour l'accueil, faites le 2 #"),
                new FakeFreeSwitch.Executed("playback", "ivr/ivr-welcome.wav"),
                new FakeFreeSwitch.Executed("sleep", "30"));
    }

    @Test
    void aDigitDoesNotStopMediaButStopMediaDoesAndSkipsQueuedPrompts() throws Exception {
        startOne();
        fs.mediaDuration(Duration.ofSeconds(30));
        // the record may start the moment the skipped playback completes: its own short time, not the prompts' 30 s
        fs.recordTime(Duration.ofMillis(5));
        String call = parked("+14155550100", "+14155550199");
        Leg leg = sw.leg(call);
        CompletableFuture<Void> prompt = leg.speak("Enter your PIN", null);
        CompletableFuture<Void> next = leg.play("ivr/then.wav");
        CompletableFuture<Leg.RecordResult> record = leg.record("/tmp/r.wav", Duration.ofSeconds(5), false);
        fs.awaitExecuted(call, "speak", WAIT);
        fs.dtmf(call, "4");
        heard.await("dtmf " + call + " 4");
        assertThat(prompt).isNotDone();
        await(leg.stopMedia());
        await(prompt);
        await(next);
        assertThat(await(record).durationMillis()).isEqualTo(3000);
        assertThat(fs.executed(call)).extracting(FakeFreeSwitch.Executed::app)
                .containsExactly("speak", "set", "record"); // the queued playback was skipped
        assertThat(fs.commands()).contains("api uuid_break " + call + " all");
    }

    @Test
    void recordBeepsEndsOnPoundAndReportsTheRecordedLength() throws Exception {
        startOne();
        fs.recordOutcome(Duration.ofMillis(4200));
        String call = parked("+14155550100", "+14155550199");
        Leg.RecordResult r = await(sw.leg(call).record("/var/lib/cantila/vm/abc.wav", Duration.ofSeconds(120), true));
        assertThat(r).isEqualTo(new Leg.RecordResult("/var/lib/cantila/vm/abc.wav", 4200));
        assertThat(fs.executed(call)).containsExactly(new FakeFreeSwitch.Executed("set", "playback_terminators=#"),
                new FakeFreeSwitch.Executed("playback", "tone_stream://%(500,0,800)"),
                new FakeFreeSwitch.Executed("record", "/var/lib/cantila/vm/abc.wav 120 200 5"));

        fs.mediaDuration(Duration.ofSeconds(30));
        String other = parked("+14155550101", "+14155550199");
        CompletableFuture<Leg.RecordResult> long_ = sw.leg(other).record("/tmp/b.wav", Duration.ofSeconds(60), false);
        fs.awaitExecuted(other, "record", WAIT);
        fs.dtmf(other, "#");
        assertThat(await(long_).durationMillis()).isEqualTo(4200);
        assertThat(failure(sw.leg(call).record("/tmp/with space.wav", Duration.ofSeconds(5), false)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bridgeOutcomesComeFromTheCompletionAndTheFirstAnsweringTargetWins() throws Exception {
        startOne();
        fs.bridgeOutcome("+14155550101", FakeFreeSwitch.Outcome.busy());
        fs.bridgeOutcome("+14155550102", FakeFreeSwitch.Outcome.answered(Duration.ofMillis(40)));
        fs.bridgeOutcome("+14155550103", FakeFreeSwitch.Outcome.noAnswer());
        fs.bridgeOutcome("+14155550104", FakeFreeSwitch.Outcome.failed());
        fs.bridgeOutcome("+14155550105", FakeFreeSwitch.Outcome.answered(Duration.ZERO).after(Duration.ofSeconds(30)));
        String call = parked("+14155550100", "+14155550199");
        Leg leg = sw.leg(call);
        Duration t = Duration.ofSeconds(20);

        Leg.BridgeResult answered = await(leg.bridge(List.of("+14155550101", "+14155550102"), t, "+14155550199",
                "/rec/call.wav"));
        assertThat(answered).isEqualTo(new Leg.BridgeResult(OriginateOutcome.ANSWERED, "+14155550102", 7));
        assertThat(await(leg.bridge(List.of("+14155550101"), t, null, null)))
                .isEqualTo(new Leg.BridgeResult(OriginateOutcome.BUSY, null, 0));
        assertThat(await(leg.bridge(List.of("14155550103"), t, null, null)).outcome()).isEqualTo(OriginateOutcome.NO_ANSWER);
        assertThat(await(leg.bridge(List.of("+14155550104"), t, null, null)).outcome()).isEqualTo(OriginateOutcome.FAILED);
        assertThat(await(leg.bridge(List.of("+14155550105"), Duration.ofSeconds(1), null, null)).outcome())
                .as("rang past its timeout").isEqualTo(OriginateOutcome.NO_ANSWER);

        FakeFreeSwitch.Executed first = fs.executed(call).get(0);
        assertThat(first.app()).isEqualTo("bridge");
        assertThat(first.arg()).matches("\\{origination_caller_id_number=14155550199,execute_on_answer='record_session "
                + "/rec/call.wav'}\\[leg_timeout=20,origination_uuid=[0-9a-f-]{36}]sofia/gateway/carrier/14155550101"
                + "\\|\\[leg_timeout=20,origination_uuid=[0-9a-f-]{36}]sofia/gateway/carrier/14155550102");
        assertThat(fs.executed(call)).contains(new FakeFreeSwitch.Executed("record_session", "/rec/call.wav"));
        await(leg.bridge(List.of("+14155550102"), t, null, null, new CallChannel.DialOptions(Duration.ofSeconds(30),
                Map.of("+14155550102", "w1#"))));
        assertThat(fs.executed(call).getLast()).as("<Number sendDigits>, once the target answers")
                .isEqualTo(new FakeFreeSwitch.Executed("send_dtmf", "w1#"));
        assertThat(fs.executed(call).get(fs.executed(call).size() - 2).arg()).as("<Dial timeLimit>, <Number sendDigits>")
                .matches("\\[leg_timeout=20,origination_uuid=([0-9a-f-]{36}),api_on_answer='sched_hangup \\+30 \\1',"
                        + "execute_on_answer_dtmf='send_dtmf w1#']sofia/gateway/carrier/14155550102");
        int before = fs.executed(call).size();
        await(leg.bridge(List.of("+14155550102"), t, null, null, new CallChannel.DialOptions(null, Map.of(), true)));
        assertThat(fs.executed(call).subList(before, fs.executed(call).size())).as("<Dial hangupOnStar>")
                .extracting(e -> e.app() + " " + e.arg()).startsWith("set bridge_terminate_key=*")
                .contains("unset bridge_terminate_key").anyMatch(l -> l.startsWith("bridge "));
        assertThat(failure(leg.bridge(List.of("+1415 bad"), t, null, null))).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure(leg.bridge(List.of("+14155550102"), t, "1,x=y", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBridgesDeadlineEndsWhenATargetAnswers() throws Exception {
        fs = fake("fake-fs");
        sw = start(Duration.ofMillis(300), fs);
        fs.bridgeOutcome("+14155550102", FakeFreeSwitch.Outcome.answered(Duration.ofMillis(1600)));
        String call = parked("+14155550100", "+14155550199");
        // until answer: 1 s ring + 0.3 s; the call then talks 1.6 s, past that deadline
        Leg.BridgeResult r = await(sw.leg(call).bridge(List.of("+14155550102"), Duration.ofSeconds(1), null, null));
        assertThat(r.outcome()).isEqualTo(OriginateOutcome.ANSWERED);
    }

    @Test
    void theCallerHangingUpDuringABridgeIsReportedOnce() throws Exception {
        startOne();
        fs.bridgeOutcome("+14155550102", FakeFreeSwitch.Outcome.answered(Duration.ofSeconds(30)));
        String call = parked("+14155550100", "+14155550199");
        CompletableFuture<Leg.BridgeResult> bridge = sw.leg(call).bridge(List.of("+14155550102"), Duration.ofSeconds(5),
                null, null);
        fs.awaitExecuted(call, "bridge", WAIT);
        fs.hangup(call, "NORMAL_CLEARING");
        assertThat(heard.await("hungUp " + call)).endsWith(" NORMAL_CLEARING");
        assertThat(await(bridge).outcome()).isIn(OriginateOutcome.ANSWERED, OriginateOutcome.FAILED);
        assertThat(heard.count("hungUp " + call)).isEqualTo(1);
    }

    @Test
    void hangupAndRejectEndTheLegWithTheirCause() throws Exception {
        startOne();
        String a = parked("+14155550100", "+14155550199");
        await(sw.leg(a).reject("busy"));
        assertThat(heard.await("hungUp " + a)).isEqualTo("hungUp " + a + " USER_BUSY");
        String b = parked("+14155550101", "+14155550199");
        await(sw.leg(b).reject("rejected"));
        assertThat(heard.await("hungUp " + b)).isEqualTo("hungUp " + b + " CALL_REJECTED");
        String c = parked("+14155550102", "+14155550199");
        await(sw.leg(c).answer());
        await(sw.leg(c).hangup(null));
        assertThat(heard.await("hungUp " + c)).isEqualTo("hungUp " + c + " NORMAL_CLEARING");
        assertThat(fs.commands()).contains("sendmsg " + c);
        assertThat(failure(sw.leg(c).speak("too late", null))).isInstanceOfSatisfying(EslException.class,
                e -> assertThat(e.kind()).isEqualTo(EslException.Kind.LEG_GONE));
        assertThat(failure(sw.leg(a).reject("maybe"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStalledAppTimesOutAndHangupKillsTheLeg() throws Exception {
        fs = fake("fake-fs");
        sw = start(Duration.ofMillis(300), fs);
        fs.stall("answer");
        String call = parked("+14155550100", "+14155550199");
        CompletableFuture<Void> answer = sw.leg(call).answer();
        assertThat(failure(answer)).isInstanceOf(TimeoutException.class).hasMessageContaining("answer on " + call);
        // nothing of ours runs now, but the stalled app still holds the channel: a queued hangup would wait forever
        await(sw.leg(call).hangup("NORMAL_TEMPORARY_FAILURE"));
        assertThat(heard.await("hungUp " + call)).endsWith(" NORMAL_TEMPORARY_FAILURE");
        assertThat(fs.commands()).contains("api uuid_kill " + call + " NORMAL_TEMPORARY_FAILURE");
        assertThat(fs.commands().stream().filter(c -> c.equals("sendmsg " + call))).hasSize(1); // the answer only
        assertThat(heard.count("hungUp " + call)).isEqualTo(1);

        String busy = parked("+14155550101", "+14155550199");
        CompletableFuture<Void> running = sw.leg(busy).answer();
        CompletableFuture<Void> queued = sw.leg(busy).speak("never", null);
        fs.awaitExecuted(busy, "answer", WAIT);
        await(sw.leg(busy).hangup(null));
        assertThat(heard.await("hungUp " + busy)).endsWith(" NORMAL_CLEARING");
        await(running); // its CHANNEL_EXECUTE_COMPLETE came with the hangup
        assertThat(failure(queued)).isInstanceOfSatisfying(EslException.class,
                e -> assertThat(e.kind()).isEqualTo(EslException.Kind.LEG_GONE));
    }

    @Test
    void anOperationRefusedWhileTheLegHangsUpWaitsForTheRealCause() throws Exception {
        startOne();
        fs.hangupCompleteDelay(Duration.ofMillis(200)); // hangup hooks and CDRs run before CHANNEL_HANGUP_COMPLETE
        String call = parked("+14155550100", "+14155550199");
        fs.hangup(call, "NORMAL_CLEARING");
        fs.awaitNoChannels(WAIT); // hanging up: no longer found, its CHANNEL_HANGUP_COMPLETE still to come
        CompletableFuture<Void> answer = sw.leg(call).answer();
        assertThat(heard.await("hungUp " + call)).isEqualTo("hungUp " + call + " NORMAL_CLEARING");
        assertThat(failure(answer)).isInstanceOfSatisfying(EslException.class,
                e -> assertThat(e.kind()).isEqualTo(EslException.Kind.LEG_GONE));
        assertThat(fs.commands()).contains("sendmsg " + call);
        assertThat(heard.count("hungUp " + call)).isEqualTo(1);
    }

    @Test
    void aLegRefusedAsUnknownWhoseHangupNeverComesIsReportedAfterTheDeadline() throws Exception {
        fs = fake("fake-fs");
        sw = start(Duration.ofMillis(300), fs);
        fs.hangupCompleteDelay(Duration.ofSeconds(3)); // past the deadline: as if the event were lost
        String call = parked("+14155550100", "+14155550199");
        fs.hangup(call, "NORMAL_CLEARING");
        fs.awaitNoChannels(WAIT);
        CompletableFuture<Void> speak = sw.leg(call).speak("anyone?", null);
        assertThat(heard.await("hungUp " + call)).isEqualTo("hungUp " + call + " " + FreeSwitchSwitch.CAUSE_NOT_FOUND);
        assertThat(failure(speak)).isInstanceOfSatisfying(EslException.class,
                e -> assertThat(e.kind()).isEqualTo(EslException.Kind.LEG_GONE));
        assertThat(heard.count("hungUp " + call)).isEqualTo(1);
    }

    @Test
    void originateOutcomes() throws Exception {
        startOne();
        fs.originateOutcome("+14155550111", FakeFreeSwitch.Outcome.answered(Duration.ZERO).after(Duration.ofMillis(30)));
        fs.originateOutcome("+14155550112", FakeFreeSwitch.Outcome.busy());
        fs.originateOutcome("+14155550113", FakeFreeSwitch.Outcome.noAnswer());
        fs.originateOutcome("+14155550114", FakeFreeSwitch.Outcome.failed());
        String up = UUID.randomUUID().toString();
        assertThat(await(sw.originate(up, "+14155550199", "+14155550111", Duration.ofSeconds(20))))
                .isEqualTo(OriginateOutcome.ANSWERED);
        assertThat(heard.await("ringing " + up)).isNotNull();
        assertThat(heard.await("answered " + up)).isNotNull();
        assertThat(fs.commands()).anyMatch(c -> c.equals("bgapi originate {origination_uuid=" + up
                + ",origination_caller_id_number=14155550199,originate_timeout=20}sofia/gateway/carrier/14155550111 &park()"));
        await(sw.leg(up).speak("Your appointment is tomorrow", null));
        assertThat(fs.spoken(up)).containsExactly("Your appointment is tomorrow");
        fs.hangup(up, "NORMAL_CLEARING");
        assertThat(heard.await("hungUp " + up)).endsWith(" NORMAL_CLEARING");

        String busy = UUID.randomUUID().toString();
        assertThat(await(sw.originate(busy, "+14155550199", "+14155550112", Duration.ofSeconds(20))))
                .isEqualTo(OriginateOutcome.BUSY);
        assertThat(await(sw.originate(UUID.randomUUID().toString(), "+14155550199", "+14155550113",
                Duration.ofSeconds(20)))).isEqualTo(OriginateOutcome.NO_ANSWER);
        String failed = UUID.randomUUID().toString();
        assertThat(await(sw.originate(failed, "+14155550199", "+14155550114", Duration.ofSeconds(20))))
                .isEqualTo(OriginateOutcome.FAILED);
        assertThat(heard.all()).noneMatch(l -> l.startsWith("hungUp " + busy) || l.startsWith("hungUp " + failed)
                || l.startsWith("ringing " + failed));
        assertThat(failure(sw.originate("not-a-uuid", "+1", "+14155550111", Duration.ofSeconds(5))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aliveAsksTheLegsNode() throws Exception {
        startOne();
        String a = parked("+14155550100", "+14155550199");
        String b = parked("+14155550101", "+14155550199");
        fs.hangup(b, "NORMAL_CLEARING");
        heard.await("hungUp " + b);
        String stranger = fs.parkInbound("+14155550102", "+14155550199"); // parked, but say we missed it: still found
        assertThat(await(sw.alive(List.of(a, b, stranger, UUID.randomUUID().toString())))).isEqualTo(Set.of(a, stranger));
    }

    @Test
    void aDroppedConnectionIsReconciledAndEventsFlowAgain() throws Exception {
        startOne();
        String kept = parked("+14155550100", "+14155550199");
        String lost = parked("+14155550101", "+14155550199");
        fs.refuseConnections(true);
        fs.dropConnections();
        fs.hangup(lost, "NORMAL_CLEARING"); // its events go nowhere
        assertThat(await(sw.alive(List.of(kept)))).as("a node that is down holds no live legs").isEmpty();
        fs.refuseConnections(false);
        assertThat(heard.await("hungUp " + lost)).isEqualTo("hungUp " + lost + " " + FreeSwitchSwitch.CAUSE_RECONNECT);
        fs.awaitSubscribers(1, WAIT);
        fs.dtmf(kept, "9");
        assertThat(heard.await("dtmf " + kept)).isEqualTo("dtmf " + kept + " 9");
        String fresh = parked("+14155550102", "+14155550199");
        assertThat(await(sw.alive(List.of(kept, lost, fresh)))).isEqualTo(Set.of(kept, fresh));
        assertThat(heard.count("hungUp " + lost)).isEqualTo(1);
        assertThat(heard.count("hungUp " + kept)).isZero();
    }

    @Test
    void twoNodesEachKeepTheirLegs() throws Exception {
        FakeFreeSwitch east = fake("east");
        FakeFreeSwitch west = fake("west");
        sw = start(Duration.ofSeconds(2), east, west);
        String e = east.parkInbound("+14155550100", "+14155550199");
        String w = west.parkInbound("+14155550101", "+14155550199");
        assertThat(heard.await("parked " + e)).endsWith(" fs1");
        assertThat(heard.await("parked " + w)).endsWith(" fs2");
        await(sw.leg(e).speak("east side", null));
        await(sw.leg(w).speak("west side", null));
        assertThat(east.spoken(e)).containsExactly("east side");
        assertThat(west.spoken(w)).containsExactly("west side");

        String o1 = UUID.randomUUID().toString();
        String o2 = UUID.randomUUID().toString();
        await(sw.originate(o1, "+14155550199", "+14155550111", Duration.ofSeconds(5)));
        await(sw.originate(o2, "+14155550199", "+14155550112", Duration.ofSeconds(5)));
        assertThat(east.exists(o1) ^ west.exists(o1)).isTrue();
        assertThat(east.exists(o2)).isNotEqualTo(east.exists(o1)); // round-robin
        assertThat(await(sw.alive(List.of(e, w, o1, o2)))).isEqualTo(Set.of(e, w, o1, o2));
        east.hangup(e, "NORMAL_CLEARING");
        assertThat(heard.await("hungUp " + e)).isNotNull();
        assertThat(sw.nodeStatus()).containsEntry("fs1", true).containsEntry("fs2", true);
    }

    @Test
    void smsBothWays() throws Exception {
        startOne();
        fs.message("+14155550100", "14155550199", "STOP\nplease: #1");
        assertThat(heard.await("sms ")).isEqualTo("sms +14155550100 14155550199 STOP\nplease: #1");
        assertThat(await(sw.sendSms("14155550199@sip.example", "14155550100@sip.example", "Your code is 1234")))
                .startsWith("fs-");
        assertThat(fs.chats()).containsExactly(new FakeFreeSwitch.Chat("sip", "14155550199@sip.example",
                "14155550100@sip.example", "Your code is 1234"));
        assertThat(heard.count("sms ")).as("our own send is not an inbound message").isEqualTo(1);
        fs.failChat(true);
        assertThat(failure(sw.sendSms("a@x", "b@y", "hi"))).isInstanceOfSatisfying(EslException.class,
                e -> assertThat(e.switchText()).isEqualTo("Error! Message Not Sent"));
        assertThat(failure(sw.sendSms("a@x", "b@y", "a|b"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusedPasswordFailsReady() throws Exception {
        fs = fake("fake-fs");
        FreeSwitchSwitch bad = new FreeSwitchSwitch(FreeSwitchSettings.parse("127.0.0.1:" + fs.port() + ":nope:east"));
        open.add(bad);
        bad.start(heard);
        assertThat(failure(bad.ready())).isInstanceOfSatisfying(EslException.class,
                e -> assertThat(e.kind()).isEqualTo(EslException.Kind.AUTH_FAILED)).hasMessageContaining("east");
        assertThat(failure(bad.originate(UUID.randomUUID().toString(), "+1415", "+14155550111", Duration.ofSeconds(1))))
                .isInstanceOfSatisfying(EslException.class,
                        e -> assertThat(e.kind()).isEqualTo(EslException.Kind.NOT_CONNECTED));
    }
}
