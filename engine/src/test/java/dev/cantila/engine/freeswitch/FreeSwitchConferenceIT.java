package dev.cantila.engine.freeswitch;

import dev.cantila.engine.testing.Poll;
import dev.cantila.engine.voice.Leg;
import dev.cantila.engine.voice.VoiceSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.cantila.engine.freeswitch.EslTesting.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conferences (and simultaneous ringing) over the event socket against the fake FreeSWITCH: the {@code conference} application with its member
 * flags and channel variables, member ids learned from {@code CUSTOM conference::maintenance}, mute/unmute/kick as
 * {@code api conference …}, and an {@code endconf} member leaving letting everyone go.
 */
class FreeSwitchConferenceIT {
    private final SwitchRecorder heard = new SwitchRecorder();
    private FakeFreeSwitch fs;
    private FreeSwitchSwitch sw;

    @BeforeEach
    void start() throws Exception {
        fs = FakeFreeSwitch.start(FakeFreeSwitch.DEFAULT_PASSWORD, "fake-fs");
        sw = new FreeSwitchSwitch(new FreeSwitchSettings(List.of(fs.node("fs1")), null, null, null,
                Duration.ofSeconds(2), Duration.ofMillis(200)), java.time.Clock.systemUTC(), new Random(7));
        sw.start(heard);
        sw.ready().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() {
        sw.close();
        fs.close();
    }

    private String parked(String from) throws InterruptedException {
        String uuid = fs.parkInbound(from, "14155550199");
        heard.await("parked " + uuid);
        return uuid;
    }

    private String memberOf(String uuid) {
        return Poll.until("the member id of " + uuid, Duration.ofSeconds(5), () -> sw.conferences().memberId(uuid));
    }

    @Test
    void membersJoinWithTheirFlagsAndAreMutedAndKickedByMemberId() throws Exception {
        String host = parked("+14155550101");
        String guest = parked("+14155550102");
        CompletableFuture<Leg.ConferenceResult> hostIn = sw.leg(host).conference("conf_01",
                new Leg.Member("call_host", false, true, true, true, null));
        CompletableFuture<Leg.ConferenceResult> guestIn = sw.leg(guest).conference("conf_01",
                new Leg.Member("call_guest", true, false, false, true, "https://example.com/hold.mp3"));
        fs.awaitExecuted(host, "conference", WAIT);
        fs.awaitExecuted(guest, "conference", WAIT);
        assertThat(fs.executed(host)).containsExactly(new FakeFreeSwitch.Executed("set", "conference_flags=wait-mod"),
                new FakeFreeSwitch.Executed("conference", "conf_01@default++flags{moderator|endconf}"));
        assertThat(fs.executed(guest)).containsExactly(new FakeFreeSwitch.Executed("set", "conference_flags=wait-mod"),
                new FakeFreeSwitch.Executed("set", "conference_moh_sound=https://example.com/hold.mp3"),
                new FakeFreeSwitch.Executed("conference", "conf_01@default++flags{mute}"));

        String guestId = memberOf(guest);
        assertThat(fs.conferences().member("conf_01", guest).muted).isTrue();
        sw.conferenceMember("conf_01", guest, VoiceSwitch.MemberAction.UNMUTE).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(fs.conferences().member("conf_01", guest).muted).isFalse();
        assertThat(fs.commands()).contains("api conference conf_01 unmute " + guestId);

        sw.conferenceMember("conf_01", guest, VoiceSwitch.MemberAction.KICK).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(guestIn.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).reason()).isEqualTo("kicked");
        Poll.until("the guest's member id forgotten", Duration.ofSeconds(5), () -> sw.conferences().memberId(guest) == null);
        assertThat(hostIn).isNotDone();
        sw.conferenceMember("conf_01", guest, VoiceSwitch.MemberAction.MUTE).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(fs.commands()).as("no command for a leg out of the room").doesNotContain("api conference conf_01 mute "
                + guestId);

        fs.hangup(host, "NORMAL_CLEARING");
        assertThat(heard.await("hungUp " + host)).isNotNull();
    }

    @Test
    void ringAllSeparatesTheTargetsWithCommasAndTheAnsweringOneWins() throws Exception {
        fs.bridgeOutcome("+14155550101", FakeFreeSwitch.Outcome.busy());
        fs.bridgeOutcome("+14155550102", FakeFreeSwitch.Outcome.answered(Duration.ofMillis(40)));
        String call = parked("+14155550100");
        Leg.BridgeResult r = sw.leg(call).ringAll(List.of("+14155550101", "+14155550102"), Duration.ofSeconds(20),
                null, null).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r.outcome()).isEqualTo(VoiceSwitch.OriginateOutcome.ANSWERED);
        assertThat(r.answeredBy()).isEqualTo("+14155550102");
        String arg = fs.executed(call).getFirst().arg();
        assertThat(arg).matches("\\[leg_timeout=20,origination_uuid=[0-9a-f-]+][^|]*14155550101,"
                + "\\[leg_timeout=20,origination_uuid=[0-9a-f-]+][^|]*14155550102");
    }

    @Test
    void anEndconfMemberLeavingLetsEveryoneGo() throws Exception {
        String host = parked("+14155550101");
        String guest = parked("+14155550102");
        CompletableFuture<Leg.ConferenceResult> hostIn = sw.leg(host).conference("conf_02",
                new Leg.Member("call_host", false, true, true, true, null));
        CompletableFuture<Leg.ConferenceResult> guestIn = sw.leg(guest).conference("conf_02",
                new Leg.Member("call_guest", false, true, false, true, null));
        memberOf(host);
        memberOf(guest);
        sw.conferenceMember("conf_02", host, VoiceSwitch.MemberAction.KICK).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(hostIn.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).reason()).isEqualTo("kicked");
        assertThat(guestIn.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).reason()).isEqualTo("conference-ended");
        assertThat(sw.conferenceMember("conf_02", "no-such-leg", VoiceSwitch.MemberAction.MUTE)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("nothing to do").isNull();
    }
}
