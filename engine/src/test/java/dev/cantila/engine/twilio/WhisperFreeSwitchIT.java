package dev.cantila.engine.twilio;

import dev.cantila.engine.freeswitch.FakeFreeSwitch;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Poll;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code <Dial><Number url>} over the event socket: a real engine whose switch is a fake FreeSWITCH. The called
 * number is originated parked ({@code bgapi originate … &park()}), its whisper runs on its own uuid with our usual
 * executes (a Gather's prompt is a {@code speak}, its digits {@code DTMF} events of that uuid) while the caller's
 * leg plays ringback; accepted, the caller's leg is set to park after the bridge and {@code api uuid_bridge
 * <caller> <callee>} joins them; when the callee hangs up the caller's leg is parked again and runs the Dial's
 * action.
 */
class WhisperFreeSwitchIT {
    static final FakeFreeSwitch FS = FakeFreeSwitch.start(FakeFreeSwitch.DEFAULT_PASSWORD, "whisper");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withSettings(Map.of("cantila.telephony.provider", "freeswitch",
            "cantila.freeswitch.nodes.0", FS.spec("fs1"), "cantila.voice.op-timeout", "2s",
            "cantila.voice.session-grace", "1s"));
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern ORIGINATE = Pattern.compile("originate \\{origination_uuid=([0-9a-f-]+),.*14155550501");

    private TwilioProject twilio;
    private TwimlServer app;

    @BeforeEach
    void setUp() throws Exception {
        FS.awaitSubscribers(1, WAIT);
        twilio = TwilioProject.create(SERVER, "whisper-fs");
        app = new TwimlServer();
    }

    @AfterEach
    void tearDown() {
        FS.awaitNoChannels(WAIT);
        app.close();
    }

    @AfterAll
    static void stopFake() {
        FS.close();
    }

    @Test
    void theWhisperRunsOnTheCalleesUuidThenUuidBridgeJoinsTheLegs() {
        app.on("/follow-me", "<Response><Dial action=\"/done\" timeout=\"20\"><Number url=\"/whisper\">+14155550501"
                + "</Number></Dial></Response>");
        app.on("/whisper", "<Response><Gather numDigits=\"1\" action=\"/whisper/answer\" timeout=\"5\"><Say>Press 1"
                + " to accept.</Say></Gather><Hangup/></Response>");
        app.on("/whisper/answer", r -> r.param("Digits").equals("1") ? "<Response/>" : "<Response><Hangup/></Response>");
        app.on("/done", r -> "<Response><Say>Status " + r.param("DialCallStatus") + ".</Say></Response>");
        twilio.twiml("voice", app.url("/follow-me"));

        String caller = FS.parkInbound("+14155550123", twilio.number().substring(1));
        String callee = Poll.until("the callee originated", WAIT, () -> FS.commands().stream().map(ORIGINATE::matcher)
                .filter(Matcher::find).map(m -> m.group(1)).findFirst().orElse(null));
        assertThat(FS.commands()).anyMatch(c -> c.startsWith("bgapi originate {origination_uuid=" + callee
                + ",origination_caller_id_number=14155550123,") && c.endsWith(" &park()"));
        Poll.until("the whisper's prompt", WAIT, () -> FS.spoken(callee).contains("Press 1 to accept.") ? true : null);
        assertThat(FS.spoken(caller)).as("the caller does not hear the whisper").isEmpty();
        assertThat(FS.executed(caller)).contains(new FakeFreeSwitch.Executed("playback",
                "tone_stream://%(2000,4000,440,480);loops=-1"));
        FS.dtmf(callee, "1");

        Poll.until("uuid_bridge", WAIT, () -> FS.commands().contains("api uuid_bridge " + caller + " " + callee)
                ? true : null);
        assertThat(FS.executed(caller)).contains(new FakeFreeSwitch.Executed("set", "park_after_bridge=true"));
        assertThat(FS.exists(caller)).isTrue();
        FS.hangup(callee, "NORMAL_CLEARING");

        Poll.until("the Dial's action spoken", WAIT, () -> FS.spoken(caller).contains("Status completed.") ? true : null);
        var done = app.requests("/done").getFirst();
        String child = done.param("DialCallSid");
        Api api = twilio.api();
        var leg = api.get("/v1/projects/" + twilio.id() + "/voice/calls/" + child).json();
        assertThat(leg.get("to").asText()).isEqualTo("+14155550501");
        assertThat(leg.get("route").asText()).isEqualTo("dial");
        assertThat(app.requests("/whisper").getFirst().param("CallSid")).isEqualTo(child);
        assertThat(app.requests("/whisper/answer").getFirst().param("Digits")).isEqualTo("1");
    }
}
