package dev.cantila.engine.otp;

import dev.cantila.engine.freeswitch.FakeFreeSwitch;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.Poll;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A code by call over FreeSWITCH (our ESL client against the fake event socket): the leg speaks the code digit by
 * digit, twice, then the "press 1" prompt; a key other than 1 ends it with goodbye. The call's stored timeline keeps
 * the digits masked; only the {@code speak} commands on the wire carry them.
 */
class OtpFreeSwitchIT {
    private static final Pattern SPOKEN = Pattern.compile("is ((?:\\d, )+\\d)\\.");
    static final FakeFreeSwitch NODE = FakeFreeSwitch.start(FakeFreeSwitch.DEFAULT_PASSWORD, "otp");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withSettings(Map.of("cantila.telephony.provider", "freeswitch",
            "cantila.freeswitch.nodes.0", NODE.spec("fs1"), "cantila.voice.op-timeout", "2s"));
    static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void stop() {
        NODE.close();
    }

    @Test
    void theCodeIsSpokenOnTheLegAndMaskedInTheTimeline() {
        NODE.awaitSubscribers(1, WAIT);
        var p = SERVER.newProject("otp-fs");
        Api api = p.api();
        assertThat(api.post(p.path("/sms/activate"), obj("country", "US", "numberType", "local")).status())
                .isEqualTo(201);
        Resp sent = api.post(p.path("/sms/otp/request"), obj("to", "+14155550181", "channel", "call"));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        String callId = sent.text("/callId");
        String leg = SERVER.app().voice().legOf(p.id(), callId);

        List<String> spoken = Poll.until("the prompt spoken on " + leg, WAIT, () -> {
            List<String> s = NODE.spoken(leg);
            return s.size() >= 3 ? s : null;
        });
        Matcher m = SPOKEN.matcher(spoken.get(0));
        assertThat(m.find()).as(spoken.get(0)).isTrue();
        String code = m.group(1).replace(", ", "");
        assertThat(spoken.get(1)).contains(m.group(1));
        assertThat(spoken.get(2)).isEqualTo("Press 1 to hear it again.");
        NODE.dtmf(leg, "2");
        String status = Poll.until("the call ended", WAIT, () -> {
            String s = api.get(p.path("/voice/calls/" + callId)).text("/status");
            return s.equals("completed") ? s : null;
        });
        assertThat(status).isEqualTo("completed");
        assertThat(NODE.spoken(leg).getLast()).isEqualTo("Goodbye.");
        String timeline = api.get(p.path("/voice/calls/" + callId)).body();
        assertThat(timeline).contains("•, •, •, •, •, •").doesNotContain(m.group(1));
        assertThat(api.post(p.path("/sms/otp/verify"), obj("to", "+14155550181", "code", code)).text("/status"))
                .isEqualTo("approved");
        NODE.awaitNoChannels(WAIT);
    }
}
