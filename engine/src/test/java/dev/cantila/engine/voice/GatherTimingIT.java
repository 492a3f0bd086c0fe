package dev.cantila.engine.voice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.ManualTimers;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gather timing under manual timers, with prompts that take 3 s: barge-in (the first digit stops the prompt), the
 * inter-digit timeout, the finish key, and the first-digit timeout counted from the end of the prompt.
 */
class GatherTimingIT {
    static final ManualTimers TIMERS = new ManualTimers(MutableClock.at("2026-11-27T10:00:00Z"));
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(TIMERS, Map.of("cantila.voice.sim.media", "3s"));

    @Test
    void bargeInInterDigitFinishKeyAndTimeout() throws Exception {
        var project = SERVER.newProject("timing");
        Api api = project.api();
        String number = api.post(project.path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
        String sid = api.post(project.path("/scripts"), obj("name", "pin", "source", """
                export async function onCall(call, ctx) {
                  const a = await call.gather({ numDigits: 4, timeoutSeconds: 5, interDigitTimeoutSeconds: 2,
                    prompt: { say: 'Enter your PIN' } });
                  const b = await call.gather({ timeoutSeconds: 6 });
                  const c = await call.gather({ numDigits: 1, timeoutSeconds: 7, prompt: { play: 'https://x/p.wav' } });
                  ctx.log.info('a=' + a, 'b=' + b, 'c=' + c);
                }
                """)).text("/id");
        api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("voice", Map.of("script", sid)));
        CallWatch watch = new CallWatch(SERVER.app());

        var inbound = api.post("/v1/sim/inbound-call", obj("from", "+14155550301", "to", number));
        String cid = inbound.text("/callId");
        String leg = inbound.text("/legId");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(3))).as("the prompt plays").isTrue();
        api.post("/v1/sim/calls/" + cid + "/dtmf", obj("digits", "1"));
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(2))).as("inter-digit timer after barge-in").isTrue();
        // the barge-in's stop reaches the switch asynchronously: let it land before the next digit
        assertThat(SERVER.app().voice().simulator().orElseThrow().await(leg,
                lines -> lines.stream().anyMatch(l -> "stopped".equals(l.get("type"))), Duration.ofSeconds(10))).isTrue();
        long armed = TIMERS.scheduled();
        api.post("/v1/sim/calls/" + cid + "/dtmf", obj("digits", "2"));
        // the digit reaches the call through its inbox: wait until it re-armed the inter-digit timer
        assertThat(TIMERS.awaitScheduledBeyond(armed)).as("inter-digit timer re-armed by the 2").isTrue();
        TIMERS.advance(Duration.ofSeconds(2));

        assertThat(TIMERS.awaitPending(Duration.ofSeconds(6))).as("second gather, no prompt").isTrue();
        api.post("/v1/sim/calls/" + cid + "/dtmf", obj("digits", "34#"));
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(3))).as("third prompt plays").isTrue();
        TIMERS.advance(Duration.ofSeconds(3));
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(7))).as("first-digit timer after the prompt").isTrue();
        TIMERS.advance(Duration.ofSeconds(7));

        assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "in-progress", "completed");
        JsonNode run = api.get(project.path("/scripts/" + sid + "/executions")).json().get("data").get(0);
        assertThat(run.at("/detail/logs/0/text").asText()).as(run.toString()).isEqualTo("a=12 b=34 c=");
        List<String> heard = new ArrayList<>();
        api.get("/v1/sim/calls/" + cid).json().get("events").forEach(e -> heard.add(e.get("type").asText()));
        assertThat(heard).containsSubsequence("say", "dtmf", "stopped", "dtmf", "dtmf", "dtmf", "dtmf", "play",
                "hangup");
    }
}
