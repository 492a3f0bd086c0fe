package dev.cantila.engine.a2p;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cantila.a2p.enforcement} warn and off (enforce: {@link A2pSendingIT}). */
class A2pModesIT {
    static final MutableClock CLOCK = MutableClock.at("2026-12-03T10:00:00Z");
    @RegisterExtension
    static final TestServer WARN = TestServer.withClock(CLOCK, Map.of("cantila.a2p.enforcement", "warn"));
    @RegisterExtension
    static final TestServer OFF = TestServer.withClock(CLOCK, Map.of("cantila.a2p.enforcement", "off"));

    @Test
    void warnSendsWithAWarningOnTheMessageAndAnA2pWarningEvent() {
        var p = WARN.newProject("warn");
        String local = A2pFixtures.buy(p.api(), "local");
        String tollfree = A2pFixtures.buy(p.api(), "tollfree");
        JsonNode m = sent(WARN, p, local);
        assertThat(m.get("status").asText()).isEqualTo("sending");
        assertThat(m.get("events").findValuesAsText("detail")).anyMatch(d -> d.startsWith("warning: unregistered_10dlc"));
        assertThat(A2pRegistrationIT.eventsOf(WARN, p.id(), local)).containsExactly("a2p.warning");
        assertThat(A2pRegistrationIT.eventsOf(WARN, p.id(), m.get("id").asText())).as("the message's own sequence")
                .doesNotContain("a2p.warning");
        JsonNode t = sent(WARN, p, tollfree);
        assertThat(t.get("status").asText()).isEqualTo("sending");
        assertThat(t.get("events").findValuesAsText("detail")).anyMatch(d -> d.startsWith("warning: unverified_tollfree"));
    }

    @Test
    void warnSendsFromASuspendedBrandsNumberWithABrandSuspendedWarning() {
        var p = WARN.newProject("warn-suspended");
        String number = A2pFixtures.buy(p.api(), "local");
        String brandId = A2pFixtures.approvedBrand(WARN, CLOCK, p.api(), A2pFixtures.brand());
        String campaign = A2pFixtures.verifiedCampaign(WARN, CLOCK, p.api(), brandId);
        p.api().post("/v1/a2p/campaigns/" + campaign + "/numbers", Api.obj("e164", number));
        A2pFixtures.review(WARN, CLOCK, Duration.ofSeconds(2));
        assertThat(WARN.operator().post("/v1/sim/a2p/brands/" + brandId + "/suspend", Api.obj("reason",
                "content_violation")).status()).isEqualTo(200);
        JsonNode m = sent(WARN, p, number);
        assertThat(m.get("status").asText()).isEqualTo("sending");
        assertThat(m.get("events").findValuesAsText("detail")).anyMatch(d -> d.startsWith("warning: brand_suspended")
                && d.contains("content_violation"));
        assertThat(A2pRegistrationIT.eventsOf(WARN, p.id(), number)).endsWith("a2p.warning");
    }

    @Test
    void offChecksNothing() {
        var p = OFF.newProject("off");
        JsonNode m = sent(OFF, p, A2pFixtures.buy(p.api(), "local"));
        assertThat(m.get("status").asText()).isEqualTo("sending");
        assertThat(m.get("events").findValuesAsText("detail")).noneMatch(d -> d.startsWith("warning"));
        assertThat(A2pRegistrationIT.eventsOf(OFF, p.id(), m.get("from").asText())).isEmpty();
    }

    private static JsonNode sent(TestServer server, TestServer.TestProject p, String from) {
        Api.Resp r = p.api().post(p.path("/sms/send"), Api.obj("from", from, "to", "+14155550123", "body", "hello"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        CLOCK.advance(Duration.ofSeconds(1));
        server.app().sms().dispatchOnce();
        return p.api().get(p.path("/sms/messages/" + r.text("/id"))).json();
    }
}
