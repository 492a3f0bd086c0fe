package dev.cantila.engine.shipped;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.Poll;
import dev.cantila.engine.twilio.TwilioSignature;
import dev.cantila.engine.twilio.TwimlServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TwiML app behind a number of the shipped {@code ./cantila serve} (shipped application.yaml, settings from the
 * environment only): a text is answered with the app's {@code <Message>}, a call hears its {@code <Gather>} and
 * the answer to the key pressed, and every request is signed with the project's auth token.
 */
class TwilioShippedIT {
    static Shipped server;
    static TwimlServer app;

    @BeforeAll
    static void start() throws IOException {
        app = new TwimlServer();
        server = Shipped.start(Map.of("CANTILA_ALLOW_PRIVATE_TARGETS", "127.0.0.1/32",
                "CANTILA_PUBLIC_URL", "https://voice.example.com"));
    }

    @AfterAll
    static void stop() {
        server.close();
        app.close();
    }

    @Test
    void aTwimlAppAnswersTextsAndCallsOfTheShippedServer() {
        Resp created = server.operator().post("/v1/projects", obj("name", "twiml"));
        Api api = server.operator().as(created.text("/apiKey"));
        String p = "/v1/projects/" + created.text("/id");
        String number = api.post(p + "/sms/activate", obj("country", "US", "numberType", "local")).text("/e164");
        String token = api.post(p + "/twilio/auth-token", "").text("/authToken");
        app.on("/sms", r -> "<Response><Message>Echo " + r.param("Body") + "</Message></Response>");
        app.on("/voice", "<Response><Gather numDigits=\"1\" action=\"menu\"><Say>Press a key.</Say></Gather></Response>");
        app.on("/menu", r -> "<Response><Say>You pressed " + r.param("Digits") + ".</Say></Response>");
        Resp routed = api.put("/v1/numbers/" + number.substring(1) + "/routing", obj(
                "sms", Map.of("url", app.url("/sms"), "format", "twilio"),
                "voice", Map.of("url", app.url("/voice"), "format", "twilio")));
        assertThat(routed.status()).as(routed.body()).isEqualTo(200);

        assertThat(api.post("/v1/sim/inbound-sms", obj("from", "+14155550123", "to", number, "body", "hi")).status())
                .isEqualTo(201);
        Poll.until("the echo on the handset", Duration.ofSeconds(30), () -> server.operator()
                .get("/v1/sim/handsets/14155550123/messages").body().contains("Echo hi"));

        String cid = api.post("/v1/sim/inbound-call", obj("from", "+14155550124", "to", number)).text("/callId");
        Poll.until("the gather's prompt", Duration.ofSeconds(30),
                () -> api.get("/v1/sim/calls/" + cid).body().contains("Press a key."));
        assertThat(api.post("/v1/sim/calls/" + cid + "/dtmf", obj("digits", "7")).status()).isEqualTo(202);
        Poll.until("the answer to 7", Duration.ofSeconds(30),
                () -> api.get("/v1/sim/calls/" + cid).body().contains("You pressed 7."));

        assertThat(app.requests()).hasSize(3).allSatisfy(r -> assertThat(TwilioSignature.valid(token, r.url(),
                List.copyOf(r.params().entrySet()), r.signature())).as(r.url()).isTrue());
    }
}
