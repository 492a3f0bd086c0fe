package dev.cantila.engine.otp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.telephony.SimulatedCarrier;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.ManualTimers;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import dev.cantila.engine.voice.SimulatedSwitch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call channel (the code read digit by digit, twice, "press 1 to hear it again") and the auto channel (SMS,
 * then a call after the delay or at once when the SMS is undelivered), over HTTP on the simulated switch, under
 * manual timers and a fake clock. The code is read where the callee hears it: {@code GET /v1/sim/handsets/…/calls}.
 */
class OtpCallIT {
    private static final Pattern SPOKEN = Pattern.compile("is ((?:\\d, )+\\d)\\.");
    private static final ManualTimers TIMERS = new ManualTimers(MutableClock.at("2026-12-03T10:00:00Z"));
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(TIMERS, Map.of("cantila.voice.sim.media", "0ms",
            "cantila.carrier.failures.+14155550199", "30003"));
    private OtpFixture f;

    @BeforeEach
    void project() {
        f = new OtpFixture(SERVER, TIMERS.clock(), "otp-call");
    }

    private SimulatedSwitch sim() {
        return SERVER.app().voice().simulator().orElseThrow();
    }

    private String leg(String callId) {
        return SERVER.app().voice().legOf(f.project, callId);
    }

    private void awaitSaid(String callId, int says) throws InterruptedException {
        assertThat(sim().await(leg(callId), lines -> lines.stream().filter(l -> "say".equals(l.get("type"))).count()
                >= says, Duration.ofSeconds(10))).as("%d things said on %s", says, callId).isTrue();
    }

    private void awaitHungUp(String callId) throws InterruptedException {
        assertThat(sim().await(leg(callId), lines -> !lines.isEmpty() && lines.stream().anyMatch(l ->
                "hangup".equals(l.get("type"))), Duration.ofSeconds(10))).as(() -> "hangup on " + callId + ": "
                + sim().transcript(leg(callId)) + " timers " + TIMERS.pending()).isTrue();
    }

    /** What the handset {@code to} heard on its calls, as this project's key reads it: per call, what was said. */
    private List<List<String>> heard(String to) {
        Resp r = f.api.get("/v1/sim/handsets/" + to.substring(1) + "/calls");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<List<String>> calls = new ArrayList<>();
        r.json().get("data").forEach(c -> {
            List<String> said = new ArrayList<>();
            c.get("said").forEach(s -> said.add(s.asText()));
            calls.add(said);
        });
        return calls;
    }

    private static String code(String sentence) {
        Matcher m = SPOKEN.matcher(sentence);
        assertThat(m.find()).as(sentence).isTrue();
        return m.group(1).replace(", ", "");
    }

    /** Lets the call through its pause and first gather; presses {@code key} there (null: lets it time out). */
    private void playThrough(String callId, String key) throws InterruptedException {
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(1))).as("the pause between the two readings").isTrue();
        TIMERS.advance(Duration.ofSeconds(1));
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(5))).as("press 1 to hear it again").isTrue();
        if (key != null) {
            sim().dtmf(leg(callId), key);
            awaitSaid(callId, 4);
            assertThat(TIMERS.awaitPending(Duration.ofSeconds(5))).as("offered once more").isTrue();
        }
        TIMERS.advance(Duration.ofSeconds(5));
        awaitHungUp(callId);
    }

    @Test
    void aCallReadsTheCodeTwiceDigitByDigitAndAgainOnPress1() throws Exception {
        Resp sent = f.api.post(f.path("/request"), obj("to", "+14155550111", "channel", "call", "appName", "Acme"));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        JsonNode v = sent.json();
        assertThat(v.get("channel").asText()).isEqualTo("call");
        assertThat(v.get("channels").toString()).isEqualTo("[\"call\"]");
        assertThat(v.has("messageId")).isFalse();
        String callId = v.get("callId").asText();
        assertThat(callId).startsWith("call_");

        awaitSaid(callId, 1);
        playThrough(callId, "1");
        List<List<String>> calls = heard("+14155550111");
        assertThat(calls).hasSize(1);
        List<String> said = calls.get(0);
        String code = code(said.get(0));
        assertThat(code).hasSize(6);
        assertThat(said.get(0)).isEqualTo("Hello. Your Acme code is " + String.join(", ", code.split("")) + ".");
        assertThat(said.get(1)).startsWith("Again, your code is").contains(String.join(", ", code.split("")));
        assertThat(said.get(2)).isEqualTo("Press 1 to hear it again.");
        assertThat(code(said.get(3))).isEqualTo(code);
        assertThat(said.getLast()).isEqualTo("Goodbye.");

        // the call's stored timeline keeps the sentences with the digits masked
        String timeline = f.api.get("/v1/projects/" + f.project + "/voice/calls/" + callId).body();
        assertThat(timeline).contains("Your Acme code is •, •, •, •, •, •.").doesNotContain(String.join(", ",
                code.split("")));
        assertThat(f.verify("+14155550111", code).text("/status")).isEqualTo("approved");
        assertThat(f.events("otp.requested").get(0).get("data").get("via").asText()).isEqualTo("call");
        assertThat(f.events("otp.requested").get(0).get("data").get("callId").asText()).isEqualTo(callId);
        assertThat(f.handset("+14155550111")).as("no SMS on the call channel").isEmpty();
    }

    @Test
    void aReRequestByCallRepeatsTheSmsCode() throws Exception {
        String id = f.request("+14155550112").text("/id");
        String smsCode = f.code("+14155550112");
        Resp again = f.api.post(f.path("/request"), obj("to", "+14155550112", "channel", "call"));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.text("/id")).isEqualTo(id);
        assertThat(again.json().get("sends").asInt()).isEqualTo(2);
        assertThat(again.json().get("channels").toString()).isEqualTo("[\"sms\",\"call\"]");
        String callId = again.text("/callId");
        awaitSaid(callId, 1);
        playThrough(callId, null);
        assertThat(code(heard("+14155550112").get(0).get(0))).isEqualTo(smsCode);

    }

    @Test
    void autoCallsWithTheSameCodeWhenNotVerifiedWithinTheDelay() throws Exception {
        Resp sent = f.api.post(f.path("/request"), obj("to", "+14155550121", "channel", "auto"));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        assertThat(sent.text("/channel")).isEqualTo("auto");
        assertThat(sent.json().get("channels").toString()).isEqualTo("[\"sms\"]");
        assertThat(java.time.Instant.parse(sent.text("/fallbackAt"))).isEqualTo(
                java.time.Instant.parse(sent.text("/createdAt")).plusSeconds(30));
        String id = sent.text("/id");
        String smsCode = f.code("+14155550121"); // the dispatch moved the clock a few seconds
        assertThat(SERVER.app().otp().otp().fallBack()).isZero();

        TIMERS.clock().advance(Duration.ofSeconds(30));
        assertThat(SERVER.app().otp().otp().fallBack()).isEqualTo(1);
        assertThat(SERVER.app().otp().otp().fallBack()).as("once").isZero();
        JsonNode v = f.api.get(f.path("/" + id)).json();
        assertThat(v.get("channels").toString()).isEqualTo("[\"sms\",\"call\"]");
        assertThat(v.has("fallbackAt")).isFalse();
        String callId = v.get("callId").asText();
        awaitSaid(callId, 1);
        playThrough(callId, null);
        assertThat(code(heard("+14155550121").get(0).get(0))).isEqualTo(smsCode);
        assertThat(f.verify("+14155550121", smsCode).text("/status")).isEqualTo("approved");
        List<JsonNode> requested = f.events("otp.requested");
        assertThat(requested).extracting(e -> e.get("data").get("via").asText()).containsExactly("sms", "call");
    }

    @Test
    void autoCallsAtOnceWhenTheSmsIsUndeliveredAndNeverWhenApprovedFirst() throws Exception {
        String id = f.api.post(f.path("/request"), obj("to", "+14155550199", "channel", "auto")).text("/id");
        f.dispatch();
        TIMERS.clock().advance(Duration.ofSeconds(2));
        ((SimulatedCarrier) SERVER.app().carrier()).reportDue();
        assertThat(f.api.get("/v1/projects/" + f.project + "/sms/messages/" + f.api.get(f.path("/" + id))
                .text("/messageId")).text("/status")).isEqualTo("undelivered");
        assertThat(SERVER.app().otp().otp().fallBack()).as("well before the 30 s").isEqualTo(1);
        String callId = f.api.get(f.path("/" + id)).text("/callId");
        awaitSaid(callId, 1);
        playThrough(callId, null);
        assertThat(f.verify("+14155550199", code(heard("+14155550199").get(0).get(0))).text("/status"))
                .isEqualTo("approved");

        f.api.post(f.path("/request"), obj("to", "+14155550122", "channel", "auto"));
        assertThat(f.verify("+14155550122", f.code("+14155550122")).text("/status")).isEqualTo("approved");
        TIMERS.clock().advance(Duration.ofSeconds(60));
        assertThat(SERVER.app().otp().otp().fallBack()).isZero();
        assertThat(heard("+14155550122")).isEmpty();

        // asked for by call before the delay: that call is the auto channel's, none follows
        f.api.post(f.path("/request"), obj("to", "+14155550123", "channel", "auto"));
        String asked = f.api.post(f.path("/request"), obj("to", "+14155550123", "channel", "call")).text("/callId");
        awaitSaid(asked, 1);
        playThrough(asked, null);
        TIMERS.clock().advance(Duration.ofSeconds(60));
        assertThat(SERVER.app().otp().otp().fallBack()).isZero();
        assertThat(heard("+14155550123")).hasSize(1);
    }

    @Test
    void aProjectSetsItsOwnAutoDelay() throws Exception {
        Resp bad = f.api.put(f.path("/policy"), obj("fallbackSeconds", 3));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("/error/field")).isEqualTo("fallbackSeconds");
        assertThat(f.api.get(f.path("/policy")).json().get("fallbackSeconds").asInt()).isEqualTo(30);
        Resp set = f.api.put(f.path("/policy"), obj("fallbackSeconds", 10));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("fallbackSeconds").asInt()).isEqualTo(10);

        Resp sent = f.api.post(f.path("/request"), obj("to", "+14155550141", "channel", "auto"));
        assertThat(java.time.Instant.parse(sent.text("/fallbackAt"))).isEqualTo(
                java.time.Instant.parse(sent.text("/createdAt")).plusSeconds(10));
        TIMERS.clock().advance(Duration.ofSeconds(9));
        assertThat(SERVER.app().otp().otp().fallBack()).isZero();
        TIMERS.clock().advance(Duration.ofSeconds(1));
        assertThat(SERVER.app().otp().otp().fallBack()).isEqualTo(1);
        String callId = f.api.get(f.path("/" + sent.text("/id"))).text("/callId");
        awaitSaid(callId, 1);
        playThrough(callId, null);
    }

    @Test
    void badChannelsAndHandsetCallsAreTheProjectsOwn() throws Exception {
        Resp bad = f.api.post(f.path("/request"), obj("to", "+14155550131", "channel", "fax"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("/error/field")).isEqualTo("channel");
        String callId = f.api.post(f.path("/request"), obj("to", "+14155550132", "channel", "call")).text("/callId");
        awaitSaid(callId, 1);
        playThrough(callId, null); // every test ends its calls: the timers are shared
        OtpFixture stranger = new OtpFixture(SERVER, TIMERS.clock(), "stranger");
        Resp theirs = stranger.api.get("/v1/sim/handsets/14155550132/calls");
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.json().get("data")).isEmpty();
        assertThat(SERVER.operator().get("/v1/sim/handsets/14155550132/calls").json().get("data")).hasSize(1);
        assertThat(f.api.get("/v1/sim/handsets/not-a-number/calls").status()).isEqualTo(400);
    }
}
