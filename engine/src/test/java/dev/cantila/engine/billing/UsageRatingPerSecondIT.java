package dev.cantila.engine.billing;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.ManualTimers;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.Poll;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** Calls rated with {@code cantila.pricing.voice-rounding: per-second}: the minute's price pro rata, rounded up. */
class UsageRatingPerSecondIT {
    static final ManualTimers TIMERS = new ManualTimers(MutableClock.at("2026-11-27T10:00:00Z"));
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(TIMERS, Map.of(
            "cantila.pricing.rates.US.default.voice.inbound", "6",
            "cantila.pricing.voice-rounding", "per-second",
            "cantila.voice.sim.media", "0ms"));

    @Test
    void anInboundCallIsChargedForItsSeconds() {
        var p = SERVER.newProject("per-second");
        Api api = p.api();
        String number = api.post(p.path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
        HeldCalls.route(api, p.path("/scripts"), number);
        String cid = api.post("/v1/sim/inbound-call", obj("from", "+14155550128", "to", number)).text("/callId");
        Poll.until("call " + cid + " answered", Duration.ofSeconds(10),
                () -> api.get(p.path("/voice/calls/" + cid)).text("/status").equals("in-progress"));
        TIMERS.advance(Duration.ofSeconds(25));
        api.post("/v1/sim/calls/" + cid + "/hangup", null);
        Poll.until("call " + cid + " ended", Duration.ofSeconds(10),
                () -> api.get(p.path("/voice/calls/" + cid)).text("/status").equals("completed"));
        long seconds = api.get(p.path("/voice/calls/" + cid)).json().get("durationSeconds").asLong();
        List<String> usage = new ArrayList<>();
        api.get(p.path("/billing/charges")).json().get("data").forEach(c -> {
            if (c.get("kind").asText().startsWith("voice")) {
                usage.add(c.get("kind").asText() + " " + c.at("/amount/amount").asLong());
            }
        });
        assertThat(seconds).isEqualTo(25);
        assertThat(usage).as("25 s at 6 a minute: 2.5, rounded up").containsExactly("voice_in 3");
    }
}
