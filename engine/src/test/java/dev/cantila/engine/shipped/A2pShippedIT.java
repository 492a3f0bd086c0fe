package dev.cantila.engine.shipped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A2P as shipped, under {@code CANTILA_A2P_ENFORCEMENT=enforce}: an unregistered number's message fails; a brand
 * whose review is pending when the server is killed ({@code kill -9}) is still reviewed after the restart (the
 * reviewer's steps are in the database); brand, campaign and number then let the message be delivered.
 */
class A2pShippedIT {
    static Shipped server;

    @BeforeAll
    static void start() {
        server = Shipped.start(Map.of("CANTILA_A2P_ENFORCEMENT", "enforce"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void registrationSurvivesKill9AndGovernsSending() {
        Resp project = server.operator().post("/v1/projects", obj("name", "a2p"));
        String id = project.text("/id");
        Api api = server.operator().as(project.text("/apiKey"));
        String number = api.post("/v1/projects/" + id + "/sms/activate", obj("country", "US", "numberType", "local"))
                .text("/e164");
        assertThat(message(api, id, "failed").path("errorCode").asText()).isEqualTo("unregistered_10dlc");

        ObjectNode brand = Api.JSON.createObjectNode();
        brand.put("entityType", "PRIVATE_PROFIT").put("companyName", "Acme Rockets Inc").put("displayName", "Acme")
                .put("ein", "45-1234567").put("country", "US").put("vertical", "RETAIL")
                .put("website", "https://acme.example").put("email", "ops@acme.example").put("phone", "+14155550100");
        brand.putObject("address").put("street", "1 Market St").put("city", "San Francisco").put("state", "CA")
                .put("postalCode", "94105");
        brand.putObject("contact").put("name", "Ada Lovelace").put("email", "ada@acme.example")
                .put("phone", "+14155550101");
        Resp b = api.post("/v1/a2p/brands", brand.toString());
        assertThat(b.status()).as(b.body()).isEqualTo(201);
        server.kill9();
        server.restart();
        await(api, "/v1/a2p/brands/" + b.text("/id"), "APPROVED");

        ObjectNode campaign = Api.JSON.createObjectNode();
        campaign.put("brandId", b.text("/id")).put("useCase", "ACCOUNT_NOTIFICATION")
                .put("description", "Order and shipping notifications for customers of the Acme web shop.")
                .put("messageFlow", "Customers tick an opt-in box at checkout on acme.example to get order texts.")
                .put("hasEmbeddedLinks", false).put("hasEmbeddedPhone", false).put("subscriberOptIn", true)
                .put("optOutMessage", "Acme: you are unsubscribed and will get no more order texts.")
                .put("helpMessage", "Acme order texts. Help: help@acme.example. Reply STOP to opt out.");
        campaign.putArray("messageSamples").add("Acme: your order 42 has shipped. Reply STOP to opt out.")
                .add("Acme: your order 43 was delivered. Reply HELP for help.");
        Resp c = api.post("/v1/a2p/campaigns", campaign.toString());
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        await(api, "/v1/a2p/campaigns/" + c.text("/id"), "VERIFIED");
        Resp n = api.post("/v1/a2p/campaigns/" + c.text("/id") + "/numbers", obj("e164", number));
        assertThat(n.status()).as(n.body()).isEqualTo(201);
        Poll.until("number registered", Duration.ofSeconds(30), () -> api.get("/v1/a2p/campaigns/" + c.text("/id")
                + "/numbers").text("/data/0/status").equals("REGISTERED"));
        message(api, id, "delivered");
        JsonNode charges = api.get("/v1/projects/" + id + "/billing/charges").json();
        assertThat(charges.findValuesAsText("kind")).contains("a2p_brand", "a2p_campaign", "a2p_monthly");
    }

    private static void await(Api api, String path, String status) {
        Poll.until(path + " " + status, Duration.ofSeconds(30), () -> api.get(path).text("/status").equals(status));
    }

    private static JsonNode message(Api api, String project, String status) {
        Resp sent = api.post("/v1/projects/" + project + "/sms/send", obj("to", "+14155550123", "body", "Acme: hi"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        String path = "/v1/projects/" + project + "/sms/messages/" + sent.text("/id");
        return Poll.until("message " + status, Duration.ofSeconds(30), () -> {
            JsonNode m = api.get(path).json();
            return m.path("status").asText().equals(status) ? m : null;
        });
    }
}
