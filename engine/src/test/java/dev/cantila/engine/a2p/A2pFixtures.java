package dev.cantila.engine.a2p;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests of the A2P tests: a valid brand and campaign to start from, and the reviewer driven on a fake clock. */
final class A2pFixtures {
    private A2pFixtures() {
    }

    /** A PRIVATE_PROFIT brand the reviewer approves VERIFIED (email on the website's domain): score 60, MEDIUM. */
    static ObjectNode brand() {
        ObjectNode b = Api.JSON.createObjectNode();
        b.put("entityType", "PRIVATE_PROFIT").put("companyName", "Acme Rockets Inc").put("displayName", "Acme")
                .put("ein", "45-1234567").put("country", "US").put("vertical", "RETAIL")
                .put("website", "https://acme.example").put("email", "ops@acme.example").put("phone", "+14155550100");
        b.putObject("address").put("street", "1 Market St").put("city", "San Francisco").put("state", "CA")
                .put("postalCode", "94105");
        b.putObject("contact").put("name", "Ada Lovelace").put("email", "ada@acme.example").put("phone",
                "+14155550101");
        return b;
    }

    /** A campaign the reviewer verifies (names the brand, says how to opt out, declares nothing it lacks). */
    static ObjectNode campaign(String brandId) {
        ObjectNode c = Api.JSON.createObjectNode();
        c.put("brandId", brandId).put("useCase", "ACCOUNT_NOTIFICATION")
                .put("description", "Order and shipping notifications for customers of the Acme web shop.")
                .put("messageFlow", "Customers tick an opt-in box at checkout on acme.example to get order texts.");
        c.putArray("messageSamples").add("Acme: your order 42 has shipped. Reply STOP to opt out.")
                .add("Acme: your order 43 was delivered. Reply HELP for help.");
        c.put("hasEmbeddedLinks", false).put("hasEmbeddedPhone", false)
                .put("optOutMessage", "Acme: you are unsubscribed and will get no more order texts.")
                .put("helpMessage", "Acme order texts. Help: help@acme.example. Reply STOP to opt out.")
                .put("subscriberOptIn", true);
        return c;
    }

    /** Runs the reviewer now and then three times {@code delay} apart (every step of every resource is due by then). */
    static void review(TestServer server, MutableClock clock, Duration delay) {
        server.app().a2p().reviewOnce();
        for (int i = 0; i < 3; i++) {
            clock.advance(delay);
            server.app().a2p().reviewOnce();
        }
    }

    /** Creates the fixture brand (with {@code changes}) and has it reviewed; returns its id. */
    static String approvedBrand(TestServer server, MutableClock clock, Api api, ObjectNode brand) {
        Api.Resp r = api.post("/v1/a2p/brands", brand.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        review(server, clock, Duration.ofSeconds(6));
        return r.text("/id");
    }

    /** A verified campaign of {@code brandId}. */
    static String verifiedCampaign(TestServer server, MutableClock clock, Api api, String brandId) {
        Api.Resp r = api.post("/v1/a2p/campaigns", campaign(brandId).toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        review(server, clock, Duration.ofSeconds(6));
        assertThat(api.get("/v1/a2p/campaigns/" + r.text("/id")).text("/status")).isEqualTo("VERIFIED");
        return r.text("/id");
    }

    /** Buys a US number of {@code type} for the project; returns its E.164. */
    static String buy(Api api, String type) {
        Api.Resp r = api.post("/v1/numbers", Api.obj("country", "US", "type", type));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("/e164");
    }
}
