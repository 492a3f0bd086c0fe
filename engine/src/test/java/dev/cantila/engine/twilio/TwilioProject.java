package dev.cantila.engine.twilio;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.TestServer;

import dev.cantila.engine.testing.Poll;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** A test project with a number and an issued auth token, and its TwiML routes. */
record TwilioProject(String id, Api api, String number, String token) {
    static TwilioProject create(TestServer server, String name) {
        var created = server.newProject(name);
        Api api = created.api();
        String number = api.post("/v1/projects/" + created.id() + "/sms/activate", obj("country", "US",
                "numberType", "local")).text("/e164");
        Api.Resp issued = api.post("/v1/projects/" + created.id() + "/twilio/auth-token", "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return new TwilioProject(created.id(), api, number, issued.text("/authToken"));
    }

    /** Routes the number's {@code side} (sms or voice) to {@code route} ({@code {url, format, method?}}). */
    void route(String side, Map<String, Object> route) {
        Api.Resp r = api.put("/v1/numbers/" + number.substring(1) + "/routing", obj(side, route));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Texts the number from {@code from}; returns the project's outbound messages ("to body") once there are {@code n}. */
    List<String> textAndReceive(String from, String body, int n) {
        assertThat(api.post("/v1/sim/inbound-sms", obj("from", from, "to", number, "body", body)).status())
                .isEqualTo(201);
        return Poll.until("replies", Duration.ofSeconds(10), () -> {
            List<String> out = api.get("/v1/projects/" + id + "/sms/messages?direction=outbound&limit=20").json()
                    .path("data").valueStream().map(m -> m.path("to").asText() + " " + m.path("body").asText()).toList();
            return out.size() >= n ? out : null;
        });
    }

    /** Routes {@code side} to {@code url} as a twilio-format URL (POST). */
    void twiml(String side, String url) {
        route(side, Map.of("url", url, "format", "twilio"));
    }
}
