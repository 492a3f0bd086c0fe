package dev.cantila.engine.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.telephony.SimulatedCarrier;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import dev.cantila.webhooks.signing.SignatureVerifier;
import dev.cantila.webhooks.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMS events reach real HTTP receivers on 127.0.0.1, signed: subscribed endpoints get sms.inbound and sms.status,
 * a message's statusCallback gets its own status events signed with the project's callback secret; the delivery
 * log, redelivery and the endpoint API with tenancy and bad input. Fake clock; workers driven by the test.
 */
class WebhooksIT {
    private static final MutableClock CLOCK = MutableClock.at("2026-11-27T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);
    private final Api operator = SERVER.operator();
    private Receiver receiver;
    private String project;
    private Api api;
    private String number;

    @BeforeEach
    void newProject() throws Exception {
        receiver = new Receiver();
        var created = SERVER.newProject("hooks");
        project = created.id();
        api = created.api();
        number = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    /** Moves time and runs the dispatcher, the carrier's reports and the webhook worker until all is quiet. */
    private void settle() {
        for (int i = 0; i < 4; i++) {
            CLOCK.advance(Duration.ofSeconds(3));
            SERVER.app().sms().dispatchOnce();
            ((SimulatedCarrier) SERVER.app().carrier()).reportDue();
            ((SimulatedCarrier) SERVER.app().carrier()).reportDue();
            SERVER.app().webhooks().runOnce();
        }
    }

    private SignatureVerifier verifier() {
        return new SignatureVerifier(CLOCK);
    }

    @Test
    void subscribedEndpointGetsSignedInboundAndStatusEventsInOrder() throws Exception {
        Resp endpoint = api.post(path("/webhooks"), obj("url", receiver.url("/hook"), "events", List.of("sms.*")));
        assertThat(endpoint.status()).isEqualTo(201);
        String secret = endpoint.text("/secret");
        assertThat(secret).startsWith("whsec_");

        api.post("/v1/sim/inbound-sms", obj("from", "+14155550161", "to", number, "body", "hello"));
        api.post(path("/sms/send"), obj("to", "+14155550161", "body", "hi back"));
        settle();

        List<Receiver.Hit> hits = receiver.hits();
        assertThat(hits).extracting(h -> h.header("Cantila-Event-Type"))
                .containsExactly("sms.inbound", "sms.status", "sms.status");
        for (Receiver.Hit hit : hits) {
            verifier().verify(hit.header("Cantila-Signature"), hit.body(), List.of(secret));
        }
        JsonNode inbound = Api.JSON.readTree(hits.get(0).body());
        assertThat(inbound.at("/data/body").asText()).isEqualTo("hello");
        assertThat(inbound.at("/data/threadId").asText()).isEqualTo(number + ":+14155550161");
        JsonNode sent = Api.JSON.readTree(hits.get(1).body());
        JsonNode delivered = Api.JSON.readTree(hits.get(2).body());
        assertThat(sent.at("/data/status").asText()).isEqualTo("sent");
        assertThat(delivered.at("/data/status").asText()).isEqualTo("delivered");
        assertThat(delivered.get("sequence").asLong()).isEqualTo(sent.get("sequence").asLong() + 1);

        Resp log = api.get(path("/webhooks/deliveries"));
        assertThat(log.json().get("data")).hasSize(3);
        assertThat(log.json().at("/data/0/status").asText()).isEqualTo("succeeded");
    }

    @Test
    void statusCallbackIsSignedWithTheProjectsCallbackSecret() throws Exception {
        String secret = api.get(path("/webhooks/callback-secret")).text("/secret");
        api.post(path("/sms/send"), obj("to", "+14155550162", "body", "x", "statusCallback", receiver.url("/status")));
        settle();
        assertThat(receiver.hits()).hasSize(2);
        for (Receiver.Hit hit : receiver.hits()) {
            verifier().verify(hit.header("Cantila-Signature"), hit.body(), List.of(secret));
        }
        assertThat(Api.JSON.readTree(receiver.hits().get(1).body()).at("/data/status").asText()).isEqualTo("delivered");
    }

    @Test
    void failedDeliveriesRetryAndCanBeRedelivered() {
        receiver.respond(hit -> 500);
        api.post(path("/webhooks"), obj("url", receiver.url("/hook"), "events", List.of("sms.inbound")));
        api.post("/v1/sim/inbound-sms", obj("from", "+14155550163", "to", number, "body", "hi"));
        SERVER.app().webhooks().runOnce();
        JsonNode d = api.get(path("/webhooks/deliveries")).json().at("/data/0");
        assertThat(d.get("status").asText()).isEqualTo("failed");
        assertThat(d.get("lastStatusCode").asInt()).isEqualTo(500);
        String id = d.get("id").asText();
        assertThat(api.post(path("/webhooks/deliveries/" + id + "/redeliver"), "{}").text("/status")).isEqualTo("pending");

        receiver.respond(hit -> 204);
        SERVER.app().webhooks().runOnce();
        Resp after = api.get(path("/webhooks/deliveries/" + id));
        assertThat(after.text("/status")).isEqualTo("succeeded");
        assertThat(after.json().get("attemptLog")).hasSize(2);
        assertThat(api.post(path("/webhooks/deliveries/" + id + "/redeliver"), "{}").errorCode())
                .isEqualTo("not_redeliverable");
    }

    @Test
    void endpointApiValidatesAndKeepsTenancy() {
        String id = api.post(path("/webhooks"), obj("url", receiver.url("/a"), "events", List.of("sms.status"))).text("/id");
        assertThat(api.get(path("/webhooks")).json().get("data")).hasSize(1);
        assertThat(api.get(path("/webhooks/" + id)).json().get("events").toString()).isEqualTo("[\"sms.status\"]");
        assertThat(api.get(path("/webhooks/" + id)).json().has("eventTypes")).isFalse();
        assertThat(api.patch(path("/webhooks/" + id), obj("active", false)).json().get("active").asBoolean()).isFalse();
        Resp rotated = api.post(path("/webhooks/" + id + "/rotate"), obj("overlapSeconds", 60));
        assertThat(rotated.text("/secret")).startsWith("whsec_");
        assertThat(rotated.json().at("/secrets")).hasSize(2);

        Resp badUrl = api.post(path("/webhooks"), obj("url", "ftp://x", "events", List.of("sms.status")));
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(badUrl.text("/error/field")).isEqualTo("url");
        Resp badEvent = api.post(path("/webhooks"), obj("url", receiver.url("/a"), "events", List.of("fax.sent")));
        assertThat(badEvent.status()).isEqualTo(400);
        assertThat(badEvent.text("/error/field")).as("the request's name, in errors too").isEqualTo("events");
        Resp longOverlap = api.post(path("/webhooks/" + id + "/rotate"), obj("overlapSeconds", 8 * 86_400));
        assertThat(longOverlap.status()).isEqualTo(400);
        assertThat(longOverlap.text("/error/field")).isEqualTo("overlapSeconds");
        assertThat(api.post(path("/webhooks"), obj("url", receiver.url("/a"))).text("/error/field")).isEqualTo("events");
        assertThat(api.post(path("/webhooks"), "{").errorCode()).isEqualTo("invalid_json");
        assertThat(api.get(path("/webhooks/whk_unknown")).status()).isEqualTo(404);
        assertThat(api.get(path("/webhooks/deliveries?status=lost")).status()).isEqualTo(400);

        Api other = operator.as(operator.post("/v1/projects", obj("name", "o")).text("/apiKey"));
        assertThat(other.get(path("/webhooks")).status()).isEqualTo(403);
        assertThat(other.delete(path("/webhooks/" + id)).status()).isEqualTo(403);
        assertThat(other.get(path("/webhooks/deliveries")).status()).isEqualTo(403);
        assertThat(api.as(null).get(path("/webhooks")).status()).isEqualTo(401);
        assertThat(api.delete(path("/webhooks/" + id)).status()).isEqualTo(204);
        assertThat(api.get(path("/webhooks/" + id)).status()).isEqualTo(404);
    }
}
