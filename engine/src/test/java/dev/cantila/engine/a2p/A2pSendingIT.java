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
    void aCampaignsOwnKeywordsOptOutInAndHelpLikeTheStandardWords() {
        var p = SERVER.newProject("own-keywords");
        String number = A2pFixtures.buy(p.api(), "local");
        String brandId = A2pFixtures.approvedBrand(SERVER, CLOCK, p.api(), brand());
        ObjectNode c = A2pFixtures.campaign(brandId);
        c.putArray("optOutKeywords").add("STOP").add("arret");
        c.putArray("optInKeywords").add("START").add("JOIN");
        c.putArray("helpKeywords").add("HELP").add("AIDE");
        c.put("optInMessage", "Acme: you are subscribed to order texts again. Reply STOP to opt out.");
        Api.Resp created = p.api().post("/v1/a2p/campaigns", c.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        A2pFixtures.review(SERVER, CLOCK, Duration.ofSeconds(6));
        assertThat(p.api().post("/v1/a2p/campaigns/" + created.text("/id") + "/numbers", Api.obj("e164", number))
                .status()).isEqualTo(201);

        Api.Resp out = inbound(number, "+14155550178", " Arret ");
        assertThat(out.text("/keyword")).isEqualTo("opt_out");
        assertThat(out.text("/autoReply/body")).isEqualTo(c.get("optOutMessage").asText());
        Api.Resp refused = p.api().post(p.path("/sms/send"), Api.obj("from", number, "to", "+14155550178", "body",
                "Acme: hello"));
        assertThat(refused.status()).as("opted out exactly like STOP").isEqualTo(422);
        assertThat(refused.errorCode()).isEqualTo("recipient_opted_out");

        Api.Resp help = inbound(number, "+14155550178", "aide");
        assertThat(help.text("/keyword")).isEqualTo("help");
        assertThat(help.text("/autoReply/body")).isEqualTo(c.get("helpMessage").asText());
        Api.Resp in = inbound(number, "+14155550178", "JOIN");
        assertThat(in.text("/keyword")).isEqualTo("opt_in");
        assertThat(in.text("/autoReply/body")).isEqualTo(c.get("optInMessage").asText());
        assertThat(p.api().post(p.path("/sms/send"), Api.obj("from", number, "to", "+14155550178", "body",
                "Acme: hello")).status()).isEqualTo(201);
        assertThat(inbound(number, "+14155550178", "join us").json().get("keyword").isNull())
                .as("the whole message only").isTrue();

        String other = A2pFixtures.buy(p.api(), "local");
        assertThat(inbound(other, "+14155550178", "ARRET").json().get("keyword").isNull())
                .as("not a number of the campaign").isTrue();
        assertThat(inbound(other, "+14155550178", "STOP").text("/keyword")).isEqualTo("opt_out");
    }

    @Test
    void aSuspendedBrandsNumbersFailWithBrandSuspendedUntilTheRegistryReinstatesIt() {
        var p = SERVER.newProject("suspended");
        String number = A2pFixtures.buy(p.api(), "local");
        String brandId = A2pFixtures.approvedBrand(SERVER, CLOCK, p.api(), brand());
        String campaign = A2pFixtures.verifiedCampaign(SERVER, CLOCK, p.api(), brandId);
        p.api().post("/v1/a2p/campaigns/" + campaign + "/numbers", Api.obj("e164", number));
        A2pFixtures.review(SERVER, CLOCK, Duration.ofSeconds(2));
        assertThat(sent(p, number, "+14155550123").get("status").asText()).isEqualTo("sending");
        String suspend = "/v1/sim/a2p/brands/" + brandId + "/suspend";

        assertThat(p.api().post(suspend, Api.obj("reason", "spam_complaints")).status()).as("operator only")
                .isEqualTo(403);
        Api.Resp bad = SERVER.operator().post(suspend, Api.obj("reason", "because"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("/error/field")).isEqualTo("reason");
        assertThat(SERVER.operator().post(suspend, Api.obj("reason", "spam_complaints", "note", "x")).status())
                .as("unknown field").isEqualTo(400);
        assertThat(SERVER.operator().post("/v1/sim/a2p/brands/brand_nope/suspend", Api.obj("reason",
                "spam_complaints")).status()).isEqualTo(404);

        Api.Resp suspended = SERVER.operator().post(suspend, Api.obj("reason", "spam_complaints"));
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        assertThat(suspended.text("/status")).isEqualTo("SUSPENDED");
        assertThat(suspended.text("/suspension/code")).isEqualTo("spam_complaints");
        assertThat(suspended.json().get("tier").isNull()).as("no tier while suspended").isTrue();
        Api.Resp again = SERVER.operator().post(suspend, Api.obj("reason", "spam_complaints"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("illegal_transition");
        assertThat(p.api().patch("/v1/a2p/brands/" + brandId, "{\"displayName\":\"Acme\"}").status())
                .as("no edit while suspended").isEqualTo(409);

        JsonNode failed = sent(p, number, "+14155550123");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("errorCode").asText()).isEqualTo("brand_suspended");
        assertThat(failed.get("errorMessage").asText()).contains(brandId).contains("SUSPENDED")
                .contains("spam_complaints");

        Api.Resp reinstated = SERVER.operator().post("/v1/sim/a2p/brands/" + brandId + "/reinstate", "");
        assertThat(reinstated.status()).as(reinstated.toString()).isEqualTo(200);
        assertThat(reinstated.text("/status")).isEqualTo("APPROVED");
        assertThat(reinstated.json().get("suspension").isNull()).isTrue();
        assertThat(reinstated.text("/tier")).isEqualTo("medium");
        assertThat(SERVER.operator().post("/v1/sim/a2p/brands/" + brandId + "/reinstate", "").errorCode())
                .isEqualTo("illegal_transition");
        assertThat(sent(p, number, "+14155550123").get("status").asText()).isEqualTo("sending");
        assertThat(A2pRegistrationIT.eventsOf(SERVER, p.id(), brandId)).endsWith("a2p.brand.approved",
                "a2p.brand.suspended", "a2p.brand.reinstated");
        assertThat(Database.one(SERVER.app().database().exec(), "SELECT payload FROM webhook_events WHERE"
                + " resource_id = ? AND event_type = 'a2p.brand.suspended'", r -> Database.str(r, "payload"), brandId)
                .orElseThrow()).contains("\"reason\":\"spam_complaints\"");
        assertThat(p.api().post(p.path("/webhooks"), Api.obj("url", "https://hooks.example.com/a2p", "events",
                List.of("a2p.brand.suspended", "a2p.brand.reinstated"))).status()).as("subscribable").isEqualTo(201);

        ObjectNode failing = brand().put("ein", "12-3456789");
        String failedBrand = A2pFixtures.approvedBrand(SERVER, CLOCK, p.api(), failing);
        assertThat(p.api().get("/v1/a2p/brands/" + failedBrand).text("/status")).isEqualTo("FAILED");
        assertThat(SERVER.operator().post("/v1/sim/a2p/brands/" + failedBrand + "/suspend", Api.obj("reason",
                "terms_violation")).errorCode()).isEqualTo("illegal_transition");
    }

    private static Api.Resp inbound(String to, String from, String body) {
        Api.Resp r = SERVER.operator().post("/v1/sim/inbound-sms", Api.obj("from", from, "to", to, "body", body));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
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
