package dev.cantila.engine.a2p;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import static dev.cantila.engine.a2p.A2pFixtures.brand;
import static dev.cantila.engine.a2p.A2pFixtures.campaign;
import static org.assertj.core.api.Assertions.assertThat;

/** Every limit of the A2P requests at both edges: the last value accepted and the first refused, naming the field. */
class A2pValidationIT {
    static final MutableClock CLOCK = MutableClock.at("2026-12-03T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK, Map.of());
    static Api api;
    static String brandId;

    @BeforeAll
    static void approvedBrand() {
        api = SERVER.newProject("limits").api();
        brandId = A2pFixtures.approvedBrand(SERVER, CLOCK, api, brand());
    }

    @Test
    void brandFieldsAreCheckedAndNamed() {
        refused(b -> b.remove("entityType"), "entityType");
        refused(b -> b.put("entityType", "LLC"), "entityType");
        refused(b -> b.put("ein", "451234567"), "ein");
        refused(b -> b.put("ein", "45-123456"), "ein");
        refused(b -> b.remove("ein"), "ein");
        refused(b -> b.put("companyName", " "), "companyName");
        refused(b -> b.put("companyName", "x".repeat(256)), "companyName");
        accepted(b -> b.put("companyName", "x".repeat(255)));
        refused(b -> b.put("country", "USA"), "country");
        refused(b -> b.put("vertical", "SPACE"), "vertical");
        refused(b -> b.put("website", "ftp://acme.example"), "website");
        refused(b -> b.put("website", "http://10.0.0.1/"), "website");
        refused(b -> b.put("email", "not-an-email"), "email");
        refused(b -> b.put("phone", "12"), "phone");
        refused(b -> b.remove("address"), "address");
        refused(b -> ((ObjectNode) b.get("address")).put("city", "x".repeat(101)), "address.city");
        refused(b -> ((ObjectNode) b.get("address")).put("zip", "94105"), "address.zip");
        refused(b -> ((ObjectNode) b.get("contact")).remove("email"), "contact.email");
        refused(b -> b.put("stockSymbol", "ACME"), "stockSymbol");
        refused(b -> b.put("entityType", "PUBLIC_PROFIT").put("stockExchange", "NASDAQ"), "stockSymbol");
        refused(b -> b.put("entityType", "PUBLIC_PROFIT").put("stockSymbol", "ACME"), "stockExchange");
        refused(b -> b.put("entityType", "PUBLIC_PROFIT").put("stockSymbol", "ACME").put("stockExchange", "MOON"),
                "stockExchange");
        refused(b -> b.put("trustScore", 100), "trustScore");
        accepted(b -> b.put("entityType", "SOLE_PROPRIETOR").remove(java.util.List.of("ein", "website")));
    }

    @Test
    void campaignLimitsAtBothEdges() {
        bounds("description", 40, 4096);
        bounds("messageFlow", 40, 2048);
        bounds("optOutMessage", 20, 320);
        bounds("helpMessage", 20, 320);
        bounds("optInMessage", 20, 320);
        campaignRefused(c -> c.put("useCase", "SPAM"), "useCase");
        campaignRefused(c -> samples(c, 1, 40), "messageSamples");
        campaignRefused(c -> samples(c, 6, 40), "messageSamples");
        campaignRefused(c -> samples(c, 2, 19), "messageSamples[0]");
        campaignRefused(c -> samples(c, 2, 1025), "messageSamples[0]");
        campaignAccepted(c -> samples(c, 5, 1024));
        campaignAccepted(c -> samples(c, 2, 20));
        campaignRefused(c -> c.putArray("optOutKeywords").add("STOP").add("opt-out"), "optOutKeywords[1]");
        campaignRefused(c -> keywords(c.putArray("helpKeywords"), 26), "helpKeywords");
        campaignAccepted(c -> keywords(c.putArray("helpKeywords"), 25));
        campaignRefused(c -> c.remove("hasEmbeddedLinks"), "hasEmbeddedLinks");
        campaignRefused(c -> c.put("subscriberOptIn", "yes"), "subscriberOptIn");
        campaignRefused(c -> c.putArray("subUseCases").add("MARKETING").add("2FA"), "subUseCases");
        campaignRefused(c -> c.put("useCase", "MIXED").putArray("subUseCases").add("MARKETING"), "subUseCases");
        campaignRefused(c -> c.put("useCase", "MIXED").putArray("subUseCases").add("MARKETING").add("MARKETING"),
                "subUseCases[1]");
        campaignRefused(c -> c.put("useCase", "MIXED").putArray("subUseCases").add("MARKETING").add("MIXED"),
                "subUseCases[1]");
        campaignRefused(c -> {
            ArrayNode subs = c.put("useCase", "MIXED").putArray("subUseCases");
            for (String s : new String[]{"MARKETING", "2FA", "FRAUD_ALERT", "CUSTOMER_CARE", "SECURITY_ALERT",
                    "POLLING_VOTING"}) {
                subs.add(s);
            }
        }, "subUseCases");
        campaignAccepted(c -> c.put("useCase", "MIXED").putArray("subUseCases").add("MARKETING").add("2FA"));
    }

    private static void bounds(String field, int min, int max) {
        campaignRefused(c -> c.put(field, "x".repeat(min - 1)), field);
        campaignAccepted(c -> c.put(field, "x".repeat(min)));
        campaignAccepted(c -> c.put(field, "x".repeat(max)));
        campaignRefused(c -> c.put(field, "x".repeat(max + 1)), field);
    }

    private static void samples(ObjectNode c, int n, int length) {
        ArrayNode a = c.putArray("messageSamples");
        for (int i = 0; i < n; i++) {
            a.add("y".repeat(length));
        }
    }

    /** {@code n} keywords of 9 characters: 9n + (n - 1) commas joined (25 → 249, 26 → 259 > 255). */
    private static void keywords(ArrayNode a, int n) {
        for (int i = 0; i < n; i++) {
            a.add("HELPME" + String.format("%03d", i));
        }
    }

    @Test
    void numbersAndTollFreeRequestsAreChecked() {
        String campaign = A2pFixtures.verifiedCampaign(SERVER, CLOCK, api, brandId);
        Api.Resp notHeld = api.post("/v1/a2p/campaigns/" + campaign + "/numbers", "{\"e164\":\"+14155550999\"}");
        assertThat(notHeld.status()).isEqualTo(422);
        assertThat(notHeld.errorCode()).isEqualTo("number_not_held");
        String tollfree = A2pFixtures.buy(api, "tollfree");
        Api.Resp wrongType = api.post("/v1/a2p/campaigns/" + campaign + "/numbers", Api.obj("e164", tollfree));
        assertThat(wrongType.errorCode()).isEqualTo("not_10dlc_number");
        assertThat(api.post("/v1/a2p/campaigns/" + campaign + "/numbers", "{\"e164\":\"x\"}").json()
                .at("/error/field").asText()).isEqualTo("e164");
        ObjectNode tf = tollFree(tollfree);
        tf.put("messageVolume", "7");
        assertThat(field(api.post("/v1/a2p/tollfree-verifications", tf.toString()))).isEqualTo("messageVolume");
        tf = tollFree(tollfree);
        tf.putArray("samples");
        assertThat(field(api.post("/v1/a2p/tollfree-verifications", tf.toString()))).isEqualTo("samples");
        tf = tollFree(tollfree);
        tf.putArray("optInImageUrls").add("http://10.0.0.1/consent.png");
        assertThat(field(api.post("/v1/a2p/tollfree-verifications", tf.toString()))).isEqualTo("optInImageUrls[0]");
        String local = A2pFixtures.buy(api, "local");
        Api.Resp notTollFree = api.post("/v1/a2p/tollfree-verifications", tollFree(local).toString());
        assertThat(notTollFree.errorCode()).isEqualTo("not_tollfree_number");
        assertThat(api.post("/v1/a2p/tollfree-verifications", tollFree(tollfree).toString()).status()).isEqualTo(201);
        assertThat(api.post("/v1/a2p/tollfree-verifications", tollFree(tollfree).toString()).errorCode())
                .isEqualTo("tollfree_exists");
    }

    static ObjectNode tollFree(String e164) {
        ObjectNode t = Api.JSON.createObjectNode();
        t.put("e164", e164).put("businessName", "Acme Rockets").put("website", "https://acme.example")
                .put("email", "ops@acme.example").put("phone", "+14155550100").put("useCase", "ACCOUNT_NOTIFICATION")
                .put("messageVolume", "1,000").put("optInType", "WEB_FORM");
        t.putArray("optInImageUrls").add("https://acme.example/consent.png");
        t.putArray("samples").add("Acme: your order 42 has shipped. Reply STOP to opt out.");
        return t;
    }

    private static String field(Api.Resp r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return r.json().at("/error/field").asText();
    }

    private static void refused(Consumer<ObjectNode> change, String field) {
        ObjectNode b = brand();
        change.accept(b);
        Api.Resp r = api.post("/v1/a2p/brands", b.toString());
        assertThat(r.status()).as(field + ": " + r).isEqualTo(400);
        assertThat(r.json().at("/error/field").asText()).as(r.toString()).isEqualTo(field);
    }

    private static void accepted(Consumer<ObjectNode> change) {
        ObjectNode b = brand();
        change.accept(b);
        Api.Resp r = api.post("/v1/a2p/brands", b.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private static void campaignRefused(Consumer<ObjectNode> change, String field) {
        ObjectNode c = campaign(brandId);
        change.accept(c);
        Api.Resp r = api.post("/v1/a2p/campaigns", c.toString());
        assertThat(r.status()).as(field + ": " + r).isEqualTo(400);
        assertThat(r.json().at("/error/field").asText()).as(r.toString()).isEqualTo(field);
    }

    private static void campaignAccepted(Consumer<ObjectNode> change) {
        ObjectNode c = campaign(brandId);
        change.accept(c);
        Api.Resp r = api.post("/v1/a2p/campaigns", c.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(api.delete("/v1/a2p/campaigns/" + r.text("/id")).status()).isEqualTo(204);
        CLOCK.advance(Duration.ofMillis(1));
    }
}
