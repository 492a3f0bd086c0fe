package dev.cantila.engine.shipped;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live event stream as shipped: {@code ./cantila serve} with the shipped configuration streams an inbound text's
 * {@code sms.inbound} to a client holding the project key, and after a crash ({@code kill -9}) and restart a client
 * resuming with {@code Last-Event-ID} gets what happened since, and nothing it already had.
 */
class EventsShippedIT {
    static Shipped server;

    @BeforeAll
    static void start() {
        server = Shipped.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStreamCarriesInboundTextsAndResumesAfterACrash() {
        Api operator = server.operator();
        Resp project = operator.post("/v1/projects", obj("name", "events shipped"));
        String p = project.text("/id");
        String key = project.text("/apiKey");
        Api api = operator.as(key);
        String number = api.post("/v1/projects/" + p + "/sms/activate", obj("country", "US", "numberType", "local"))
                .text("/e164");
        String seen;
        try (SseClient stream = SseClient.open(server.base().resolve("/v1/projects/" + p + "/events/stream?types=sms.inbound"),
                key, null)) {
            stream.awaitComment("stream of " + p);
            api.post("/v1/sim/inbound-sms", obj("from", "+14155550701", "to", number, "body", "before the crash"));
            SseClient.Frame frame = stream.next();
            assertThat(frame.json().path("data").path("body").asText()).isEqualTo("before the crash");
            seen = frame.id();
        }
        server.kill9();
        server.restart();
        Api after = new Api(server.base(), key);
        after.post("/v1/sim/inbound-sms", obj("from", "+14155550701", "to", number, "body", "after the restart"));
        try (SseClient stream = SseClient.open(server.base().resolve("/v1/projects/" + p + "/events/stream?types=sms.inbound"),
                key, seen)) {
            assertThat(stream.next().json().path("data").path("body").asText()).isEqualTo("after the restart");
        }
    }
}
