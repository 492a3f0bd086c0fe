package dev.cantila.engine.voice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.TestServer;
import dev.cantila.webhooks.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Voice URLs (a number's {@code voice.url} and an outbound call's {@code url}) under the shipped policy: a name
 * that resolves to 127.0.0.1 when the call needs it is refused then; nothing reaches the receiver and the
 * execution log says why.
 */
class VoiceUrlTargetsIT {
    private static final String REBIND = "rebind.example";

    @RegisterExtension
    static final TestServer SERVER = TestServer.withSettings(Map.of("cantila.http.allow-private", "",
                    "cantila.voice.sim.media", "0ms", "cantila.voice.sim.talk", "1s"))
            .resolving(host -> {
                if (host.equals(REBIND)) {
                    return new InetAddress[]{InetAddress.getLoopbackAddress()};
                }
                throw new UnknownHostException(host);
            });
    private static CallWatch watch;
    private String project;
    private Api api;
    private String number;
    private Receiver receiver;

    @BeforeEach
    void newProject() throws Exception {
        if (watch == null) {
            watch = new CallWatch(SERVER.app());
        }
        var created = SERVER.newProject("voice-ssrf");
        project = created.id();
        api = created.api();
        number = api.post("/v1/projects/" + project + "/sms/activate", obj("country", "US", "numberType", "local"))
                .text("/e164");
        receiver = new Receiver();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    private void assertRefusedRun() {
        assertThat(receiver.hits()).isEmpty();
        JsonNode run = SERVER.lastUrlRun(project);
        assertThat(run.get("outcome").asText()).isEqualTo("url_error");
        assertThat(run.at("/detail/error").asText()).contains("rebind.example resolves to a loopback address");
    }

    @Test
    void anInboundCallRoutedToANameThatResolvesToLoopbackIsRefused() throws Exception {
        String url = receiver.url("/voice").replace("127.0.0.1", REBIND);
        Resp routed = api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("voice", Map.of("url", url)));
        assertThat(routed.status()).as(routed.body()).isEqualTo(200);

        String cid = api.post("/v1/sim/inbound-call", obj("from", "+14155550190", "to", number)).text("/callId");

        assertThat(watch.awaitTerminal(cid)).last().isEqualTo("completed");
        assertRefusedRun();
    }

    @Test
    void anOutboundCallWhoseUrlResolvesToLoopbackIsRefused() throws Exception {
        String url = receiver.url("/call").replace("127.0.0.1", REBIND);
        Resp call = api.post("/v1/projects/" + project + "/voice/calls", obj("to", "+14155550191", "from", number,
                "url", url));
        assertThat(call.status()).as(call.body()).isEqualTo(201);

        watch.awaitTerminal(call.text("/id"));
        assertRefusedRun();
    }
}
