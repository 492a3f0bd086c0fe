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
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.a2p.A2pFixtures.brand;
import static dev.cantila.engine.a2p.A2pFixtures.campaign;
import static org.assertj.core.api.Assertions.assertThat;

/** Brands, vettings, campaigns and their state machines through the HTTP API, the reviewer on a fake clock. */
class A2pRegistrationIT {
    static final MutableClock CLOCK = MutableClock.at("2026-12-03T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK, Map.of());

    @Test
    void brandMovesPendingInReviewApprovedWithItsScoreTierFeeAndEvents() {
        var p = SERVER.newProject("brands");
        Api.Resp created = p.api().post("/v1/a2p/brands", brand().toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("/id");
        assertThat(created.text("/status")).isEqualTo("PENDING");
        assertThat(created.text("/projectId")).isEqualTo(p.id());
        assertThat(created.json().get("tier").isNull()).as("no tier before approval").isTrue();
        SERVER.app().a2p().reviewOnce();
        assertThat(p.api().get("/v1/a2p/brands/" + id).text("/status")).isEqualTo("IN_REVIEW");
        CLOCK.advance(Duration.ofSeconds(2));
        SERVER.app().a2p().reviewOnce();
        assertThat(p.api().get("/v1/a2p/brands/" + id).text("/status")).as("before the 3 s delay").isEqualTo("IN_REVIEW");
        CLOCK.advance(Duration.ofSeconds(1));
        SERVER.app().a2p().reviewOnce();
        JsonNode b = p.api().get("/v1/a2p/brands/" + id).json();
        assertThat(b.get("status").asText()).isEqualTo("APPROVED");
        assertThat(b.get("identityStatus").asText()).isEqualTo("VERIFIED");
        assertThat(b.get("trustScore").asInt()).isEqualTo(60);
        assertThat(b.get("tier").asText()).isEqualTo("medium");
        assertThat(b.get("throughput").asDouble()).isEqualTo(120.0);
        assertThat(events(p.id(), id)).containsExactly("a2p.brand.created", "a2p.brand.in_review",
                "a2p.brand.approved");
        assertThat(charges(p.id(), "a2p_brand")).containsExactly(400L);

        Api.Resp vet = p.api().post("/v1/a2p/brands/" + id + "/vettings", "{\"provider\":\"AEGIS\"}");
        assertThat(vet.status()).as(vet.toString()).isEqualTo(201);
        CLOCK.advance(Duration.ofSeconds(3));
        SERVER.app().a2p().reviewOnce();
        b = p.api().get("/v1/a2p/brands/" + id).json();
        assertThat(b.get("trustScore").asInt()).isEqualTo(80);
        assertThat(b.get("identityStatus").asText()).isEqualTo("VETTED_VERIFIED");
        assertThat(b.get("tier").asText()).isEqualTo("high");
        assertThat(p.api().get("/v1/a2p/brands/" + id + "/vettings").text("/data/0/status")).isEqualTo("COMPLETED");
        assertThat(charges(p.id(), "a2p_vetting")).containsExactly(4000L);
    }

    @Test
    void reviewerRulesDecideFailuresAndScores() {
        var p = SERVER.newProject("rules");
        assertThat(decided(p.api(), brand().put("ein", "12-3456789"))).isEqualTo("FAILED ein_mismatch");
        assertThat(decided(p.api(), brand().put("ein", "07-1234567"))).isEqualTo("FAILED ein_prefix_invalid");
        ObjectNode gov = brand().put("entityType", "GOVERNMENT");
        assertThat(decided(p.api(), gov)).isEqualTo("FAILED government_domain");
        assertThat(decided(p.api(), brand().put("email", "acme.rockets@gmail.com"))).isEqualTo("APPROVED UNVERIFIED 30");
        ObjectNode sole = brand().put("entityType", "SOLE_PROPRIETOR");
        sole.remove("ein");
        assertThat(decided(p.api(), sole)).isEqualTo("APPROVED SELF_DECLARED null");
        ObjectNode listed = brand().put("entityType", "PUBLIC_PROFIT").put("stockSymbol", "ACME")
                .put("stockExchange", "NASDAQ");
        assertThat(decided(p.api(), listed)).isEqualTo("APPROVED VERIFIED 75");
    }

    private static String decided(Api api, ObjectNode brand) {
        Api.Resp r = api.post("/v1/a2p/brands", brand.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        A2pFixtures.review(SERVER, CLOCK, Duration.ofSeconds(3));
        JsonNode b = api.get("/v1/a2p/brands/" + r.text("/id")).json();
        return b.get("status").asText().equals("FAILED")
                ? "FAILED " + b.get("failureReasons").findValuesAsText("code").stream().reduce((x, y) -> x + " " + y)
                .orElse("")
                : "APPROVED " + b.get("identityStatus").asText() + " " + b.get("trustScore").asText();
    }

    @Test
    void brandPatchReReviewsOnlyWithoutCampaignsAndDeleteIsDeferred() {
        var p = SERVER.newProject("patch");
        String id = A2pFixtures.approvedBrand(SERVER, CLOCK, p.api(), brand().put("ein", "12-3456789"));
        assertThat(p.api().get("/v1/a2p/brands/" + id).text("/status")).isEqualTo("FAILED");
        Api.Resp patched = p.api().patch("/v1/a2p/brands/" + id, "{\"ein\":\"45-7654321\"}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.text("/status")).isEqualTo("PENDING");
        Api.Resp again = p.api().patch("/v1/a2p/brands/" + id, "{\"companyName\":\"Acme 2\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("illegal_transition");
        A2pFixtures.review(SERVER, CLOCK, Duration.ofSeconds(3));
        assertThat(p.api().get("/v1/a2p/brands/" + id).text("/status")).isEqualTo("APPROVED");
        String campaign = A2pFixtures.verifiedCampaign(SERVER, CLOCK, p.api(), id);
        assertThat(p.api().patch("/v1/a2p/brands/" + id, "{\"companyName\":\"Acme 3\"}").errorCode())
                .isEqualTo("brand_has_campaigns");
        assertThat(p.api().delete("/v1/a2p/brands/" + id).errorCode()).isEqualTo("brand_has_campaigns");
        assertThat(p.api().delete("/v1/a2p/campaigns/" + campaign).status()).isEqualTo(204);
        Api.Resp deleting = p.api().delete("/v1/a2p/brands/" + id);
        assertThat(deleting.text("/status")).isEqualTo("DELETION_PENDING");
        A2pFixtures.review(SERVER, CLOCK, Duration.ofSeconds(3));
        assertThat(p.api().get("/v1/a2p/brands/" + id).status()).isEqualTo(404);
        assertThat(events(p.id(), id)).endsWith("a2p.brand.deletion_pending", "a2p.brand.deleted");
    }

    @Test
    void brandsAreTheProjectsOwn() {
        var p = SERVER.newProject("own");
        var other = SERVER.newProject("other");
        String id = p.api().post("/v1/a2p/brands", brand().toString()).text("/id");
        assertThat(other.api().get("/v1/a2p/brands/" + id).status()).isEqualTo(404);
        assertThat(other.api().get("/v1/a2p/brands").json().get("data")).isEmpty();
        assertThat(SERVER.operator().get("/v1/a2p/brands/" + id).text("/projectId")).isEqualTo(p.id());
        assertThat(SERVER.operator().post("/v1/a2p/brands", brand().toString()).json().at("/error/field").asText())
                .isEqualTo("projectId");
        assertThat(SERVER.operator().post("/v1/a2p/brands?projectId=" + p.id(), brand().toString()).status())
                .isEqualTo(201);
    }

    @Test
    void campaignFailsOnContentIsEditedAndResubmittedThenVerifiedAndBilledMonthly() {
        var p = SERVER.newProject("campaigns");
        String brandId = A2pFixtures.approvedBrand(SERVER, CLOCK, p.api(), brand());
        ObjectNode bad = campaign(brandId);
        bad.putArray("messageSamples").add("Your order 42 has shipped, see https://shop.example/o/42")
                .add("Your order 43 was delivered, thanks for shopping");
        Api.Resp created = p.api().post("/v1/a2p/campaigns", bad.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("/id");
        assertThat(p.api().post("/v1/a2p/campaigns/" + id + "/resubmit", null).errorCode())
                .isEqualTo("campaign_not_failed");
        CLOCK.advance(Duration.ofSeconds(5));
        SERVER.app().a2p().reviewOnce();
        JsonNode c = p.api().get("/v1/a2p/campaigns/" + id).json();
        assertThat(c.get("status").asText()).isEqualTo("FAILED");
        assertThat(c.get("failureReasons").findValuesAsText("code")).containsExactly("brand_not_named",
                "opt_out_language_missing", "undeclared_links");
        assertThat(p.api().patch("/v1/a2p/campaigns/" + id, "{\"useCase\":\"MARKETING\"}").json()
                .at("/error/field").asText()).isEqualTo("useCase");
        ObjectNode fix = Api.JSON.createObjectNode();
        fix.set("messageSamples", campaign(brandId).get("messageSamples"));
        Api.Resp edited = p.api().patch("/v1/a2p/campaigns/" + id, fix.toString());
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.text("/status")).isEqualTo("FAILED");
        Api.Resp resubmitted = p.api().post("/v1/a2p/campaigns/" + id + "/resubmit", null);
        assertThat(resubmitted.text("/status")).isEqualTo("PENDING");
        assertThat(resubmitted.json().get("submissions").asInt()).isEqualTo(2);
        CLOCK.advance(Duration.ofSeconds(5));
        SERVER.app().a2p().reviewOnce();
        assertThat(p.api().get("/v1/a2p/campaigns/" + id).text("/status")).isEqualTo("VERIFIED");
        assertThat(charges(p.id(), "a2p_campaign")).containsExactly(1500L, 1500L);
        assertThat(charges(p.id(), "a2p_monthly")).containsExactly(1000L);
        CLOCK.advance(Duration.ofDays(31));
        SERVER.app().a2p().reviewOnce();
        assertThat(charges(p.id(), "a2p_monthly")).containsExactly(1000L, 1000L);
        assertThat(events(p.id(), id)).containsExactly("a2p.campaign.created", "a2p.campaign.failed",
                "a2p.campaign.resubmitted", "a2p.campaign.verified");
    }

    @Test
    void campaignsNeedAnApprovedBrandAndASoleProprietorHasOne() {
        var p = SERVER.newProject("sole");
        String pending = p.api().post("/v1/a2p/brands", brand().toString()).text("/id");
        assertThat(p.api().post("/v1/a2p/campaigns", campaign(pending).toString()).errorCode())
                .isEqualTo("brand_not_approved");
        Api.Resp unknown = p.api().post("/v1/a2p/campaigns", campaign("brand_nope").toString());
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().at("/error/field").asText()).isEqualTo("brandId");
        ObjectNode sole = brand().put("entityType", "SOLE_PROPRIETOR");
        sole.remove("ein");
        String soleId = A2pFixtures.approvedBrand(SERVER, CLOCK, p.api(), sole);
        A2pFixtures.verifiedCampaign(SERVER, CLOCK, p.api(), soleId);
        assertThat(p.api().post("/v1/a2p/campaigns", campaign(soleId).toString()).errorCode())
                .isEqualTo("sole_proprietor_limit");
        assertThat(p.api().post("/v1/a2p/brands/" + soleId + "/vettings", "{\"provider\":\"AEGIS\"}").errorCode())
                .isEqualTo("sole_proprietor_limit");
    }

    static List<String> events(String project, String resource) {
        return eventsOf(SERVER, project, resource);
    }

    /** The {@code a2p.*}/{@code sms.*} event types written for {@code resource}, in order. */
    static List<String> eventsOf(TestServer server, String project, String resource) {
        return Database.list(server.app().database().exec(), "SELECT event_type FROM webhook_events WHERE project_id = ?"
                + " AND resource_id = ? ORDER BY seq", r -> Database.str(r, "event_type"), project, resource);
    }

    static List<Long> charges(String project, String kind) {
        return Database.list(SERVER.app().database().exec(), "SELECT amount FROM charges WHERE project_id = ?"
                + " AND kind = ? ORDER BY period_start", r -> Database.lng(r, "amount"), project, kind);
    }
}
