package dev.cantila.engine.a2p;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.a2p.A2pFixtures.brand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What registration changes at send time under {@code enforce}: failures with their codes until registered, the
 * campaign's keyword answers, a brand's throughput shared by its numbers and its daily cap, on a fake clock.
 */
class A2pSendingIT {
    static final MutableClock CLOCK = MutableClock.at("2026-12-03T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK, Map.of("cantila.a2p.enforcement", "enforce",
            "cantila.a2p.daily-cap.sole-proprietor", "3"));

    @Test
    void aLocalNumberSendsToUsNumbersOnlyOnceRegistered() {
        var p = SERVER.newProject("enforce");
        String number = A2pFixtures.buy(p.api(), "local");
        JsonNode failed = sent(p, number, "+14155550123");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("errorCode").asText()).isEqualTo("unregistered_10dlc");
        assertThat(sent(p, number, "+447911123456").get("status").asText()).as("abroad: not 10DLC")
                .isEqualTo("sending");

        String brandId = A2pFixtures.approvedBrand(SERVER, CLOCK, p.api(), brand());
        String campaign = A2pFixtures.verifiedCampaign(SERVER, CLOCK, p.api(), brandId);
        Api.Resp added = p.api().post("/v1/a2p/campaigns/" + campaign + "/numbers", Api.obj("e164", number));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.text("/status")).isEqualTo("PENDING");
        JsonNode pending = sent(p, number, "+14155550123");
        assertThat(pending.get("errorCode").asText()).isEqualTo("unregistered_10dlc");
        assertThat(pending.get("errorMessage").asText()).contains("number PENDING in campaign " + campaign);
        CLOCK.advance(Duration.ofSeconds(2));
        SERVER.app().a2p().reviewOnce();
        assertThat(p.api().get("/v1/a2p/campaigns/" + campaign + "/numbers").text("/data/0/status"))
                .isEqualTo("REGISTERED");
        assertThat(sent(p, number, "+14155550123").get("status").asText()).isEqualTo("sending");
        assertThat(A2pRegistrationIT.eventsOf(SERVER, p.id(), number)).containsExactly("a2p.number.added",
                "a2p.number.registered");

        var other = SERVER.newProject("other");
        String theirs = A2pFixtures.buy(other.api(), "local");
        assertThat(p.api().post("/v1/a2p/campaigns/" + campaign + "/numbers", Api.obj("e164", theirs)).errorCode())
                .isEqualTo("number_not_held");
        String brand2 = A2pFixtures.approvedBrand(SERVER, CLOCK, p.api(), brand());
        String campaign2 = A2pFixtures.verifiedCampaign(SERVER, CLOCK, p.api(), brand2);
        assertThat(p.api().post("/v1/a2p/campaigns/" + campaign2 + "/numbers", Api.obj("e164", number)).errorCode())
                .isEqualTo("number_in_campaign");

        assertThat(p.api().delete("/v1/a2p/campaigns/" + campaign + "/numbers/" + number.substring(1)).status())
                .isEqualTo(204);
        assertThat(sent(p, number, "+14155550123").get("errorCode").asText()).isEqualTo("unregistered_10dlc");
    }

    @Test
    void aTollFreeNumberSendsOnceVerified() {
        var p = SERVER.newProject("tollfree");
        String number = A2pFixtures.buy(p.api(), "tollfree");
        assertThat(sent(p, number, "+14155550123").get("errorCode").asText()).isEqualTo("unverified_tollfree");
        ObjectNode rejected = A2pValidationIT.tollFree(number);
        rejected.putArray("samples").add("Your order 42 has shipped, reply STOP to opt out");
        Api.Resp r = p.api().post("/v1/a2p/tollfree-verifications", rejected.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        A2pFixtures.review(SERVER, CLOCK, Duration.ofSeconds(5));
        JsonNode v = p.api().get("/v1/a2p/tollfree-verifications/" + r.text("/id")).json();
        assertThat(v.get("status").asText()).isEqualTo("REJECTED");
        assertThat(v.get("rejectionReasons").findValuesAsText("code")).containsExactly("business_not_named");
        assertThat(p.api().delete("/v1/a2p/tollfree-verifications/" + r.text("/id")).status()).isEqualTo(204);

        Api.Resp ok = p.api().post("/v1/a2p/tollfree-verifications", A2pValidationIT.tollFree(number).toString());
        SERVER.app().a2p().reviewOnce();
        assertThat(p.api().get("/v1/a2p/tollfree-verifications/" + ok.text("/id")).text("/status"))
                .isEqualTo("IN_REVIEW");
        CLOCK.advance(Duration.ofSeconds(5));
        SERVER.app().a2p().reviewOnce();
        assertThat(p.api().get("/v1/a2p/tollfree-verifications/" + ok.text("/id")).text("/status"))
                .isEqualTo("APPROVED");
        assertThat(sent(p, number, "+14155550123").get("status").asText()).isEqualTo("sending");
        assertThat(A2pRegistrationIT.eventsOf(SERVER, p.id(), ok.text("/id"))).containsExactly("a2p.tollfree.created",
                "a2p.tollfree.in_review", "a2p.tollfree.approved");
    }

    @Test
    void stopAndHelpToACampaignNumberGetTheCampaignsAnswers() {
        var p = SERVER.newProject("keywords");
        String number = registered(p.api(), brand());
        SERVER.operator().post("/v1/sim/inbound-sms", Api.obj("from", "+14155550177", "to", number, "body", "HELP"));
        SERVER.operator().post("/v1/sim/inbound-sms", Api.obj("from", "+14155550177", "to", number, "body", "STOP"));
        List<String> replies = Database.list(SERVER.app().database().exec(), "SELECT body FROM sms_messages WHERE"
                + " from_e164 = ? AND to_e164 = ? ORDER BY id", r -> Database.str(r, "body"), number, "+14155550177");
        assertThat(replies).containsExactly(A2pFixtures.campaign("x").get("helpMessage").asText(),
                A2pFixtures.campaign("x").get("optOutMessage").asText());
    }

    @Test
    void aBrandsNumbersShareItsTierRate() {
        var p = SERVER.newProject("shared");
        // email off the website's domain: UNVERIFIED, score 30, tier low: 12 messages/s for the whole brand
        String brandId = A2pFixtures.approvedBrand(SERVER, CLOCK, p.api(), brand().put("email", "acme@gmail.com"));
        assertThat(p.api().get("/v1/a2p/brands/" + brandId).text("/tier")).isEqualTo("low");
        String campaign = A2pFixtures.verifiedCampaign(SERVER, CLOCK, p.api(), brandId);
        List<String> numbers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String n = A2pFixtures.buy(p.api(), "local");
            p.api().post("/v1/a2p/campaigns/" + campaign + "/numbers", Api.obj("e164", n));
            numbers.add(n);
        }
        A2pFixtures.review(SERVER, CLOCK, Duration.ofSeconds(2));
        SERVER.app().sms().dispatchOnce();
        for (String n : numbers) {
            for (int i = 0; i < 40; i++) {
                assertThat(p.api().post(p.path("/sms/send"), Api.obj("from", n, "to", "+1415555" + String.format("%04d",
                        1000 + i), "body", "Acme: order " + i)).status()).isEqualTo(201);
            }
        }
        for (int step = 0; step < 50; step++) { // 5 s in 100 ms steps
            CLOCK.advance(Duration.ofMillis(100));
            SERVER.app().sms().dispatchOnce();
        }
        Map<String, Long> perNumber = new java.util.TreeMap<>();
        for (String n : numbers) {
            perNumber.put(n, Database.one(SERVER.app().database().exec(), "SELECT COUNT(*) AS n FROM"
                    + " sim_carrier_submissions WHERE from_e164 = ?", r -> Database.lng(r, "n"), n).orElse(0L));
        }
        long total = perNumber.values().stream().mapToLong(Long::longValue).sum();
        // one second's burst (12) plus 12/s for 5 s at most; alone, each number could send 10/s (150 in all)
        assertThat(total).as(perNumber.toString()).isBetween(55L, 72L);
        assertThat(perNumber.values()).as("each number gets its turn").allMatch(c -> c >= 12);
    }

    @Test
    void aBrandPastItsDailyCapWaitsForTheNextUtcDay() {
        var p = SERVER.newProject("capped");
        ObjectNode sole = brand().put("entityType", "SOLE_PROPRIETOR");
        sole.remove("ein");
        String number = registered(p.api(), sole);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(p.api().post(p.path("/sms/send"), Api.obj("from", number, "to", "+14155550150", "body",
                    "Acme: hello " + i)).text("/id"));
        }
        for (int s = 0; s < 10; s++) { // sole proprietors send 1 message/s
            CLOCK.advance(Duration.ofSeconds(1));
            SERVER.app().sms().dispatchOnce();
        }
        JsonNode waiting = p.api().get(p.path("/sms/messages/" + ids.get(3))).json();
        assertThat(p.api().get(p.path("/sms/messages/" + ids.get(2))).text("/status")).isEqualTo("sending");
        assertThat(waiting.get("status").asText()).isEqualTo("queued");
        assertThat(waiting.get("events").findValuesAsText("detail")).anyMatch(d -> d.contains("daily cap of 3")
                && d.contains("waits until 2026-12-04T00:00:00Z"));
        Instant midnight = Instant.parse("2026-12-04T00:00:01Z");
        CLOCK.advance(Duration.between(CLOCK.instant(), midnight));
        for (int s = 0; s < 3; s++) {
            CLOCK.advance(Duration.ofSeconds(1));
            SERVER.app().sms().dispatchOnce();
        }
        assertThat(p.api().get(p.path("/sms/messages/" + ids.get(4))).text("/status")).isEqualTo("sending");
    }

    /** A number of the project registered to a verified campaign of {@code brand}. */
    private static String registered(Api api, ObjectNode brand) {
        String number = A2pFixtures.buy(api, "local");
        String campaign = A2pFixtures.verifiedCampaign(SERVER, CLOCK, api,
                A2pFixtures.approvedBrand(SERVER, CLOCK, api, brand));
        assertThat(api.post("/v1/a2p/campaigns/" + campaign + "/numbers", Api.obj("e164", number)).status())
                .isEqualTo(201);
        A2pFixtures.review(SERVER, CLOCK, Duration.ofSeconds(2));
        return number;
    }

    /** Sends from {@code from}, runs the dispatcher once, and returns the message. */
    static JsonNode sent(TestServer.TestProject p, String from, String to) {
        Api.Resp r = p.api().post(p.path("/sms/send"), Api.obj("from", from, "to", to, "body", "Acme: hello"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        CLOCK.advance(Duration.ofSeconds(1));
        SERVER.app().sms().dispatchOnce();
        return p.api().get(p.path("/sms/messages/" + r.text("/id"))).json();
    }
}
