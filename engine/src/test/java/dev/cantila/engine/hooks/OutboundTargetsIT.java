package dev.cantila.engine.hooks;

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
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSRF through the API, with an allow-list of one host name only: every field that takes a URL refuses loopback, private,
 * link-local and metadata targets with a 400 naming it, and a name that only resolves to 127.0.0.1 at request
 * time is refused then, with nothing sent.
 */
class OutboundTargetsIT {
    private static final String REBIND = "rebind.example";
    /** The one private target the operator allowed, by name. */
    private static final String ALLOWED = "hooks.corp.example";

    @RegisterExtension
    static final TestServer SERVER = TestServer.withSettings(Map.of("cantila.http.allow-private", ALLOWED))
            .resolving(host -> {
                if (host.equals(REBIND) || host.equals(ALLOWED)) {
                    return new InetAddress[]{InetAddress.getLoopbackAddress()};
                }
                throw new UnknownHostException(host);
            });
    private static final List<String> PRIVATE = List.of("http://127.0.0.1:8080/x", "http://[::1]/",
            "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.0.1/",
            "http://[fd00::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://2130706433/",
            "http://0177.0.0.1/", "http://0x7f.1/", "http://0.0.0.0/", "http://100.64.0.1/", "http://224.0.0.1/",
            "http://metadata.google.internal/", "http://localhost:8080/", "http://api.localhost/",
            "http://user:pw@example.com/", "file:///etc/passwd");

    private Api api;
    private String project;
    private String number;
    private Receiver receiver;

    @BeforeEach
    void newProject() throws Exception {
        var created = SERVER.newProject("ssrf");
        project = created.id();
        api = created.api();
        number = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
        receiver = new Receiver();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    private static void assertRefused(Resp r, String field, String url) {
        assertThat(r.status()).as(url + " " + r).isEqualTo(400);
        assertThat(r.text("/error/field")).as(url).isEqualTo(field);
        assertThat(r.text("/error/message")).as(url).startsWith(field + " ");
    }

    @Test
    void webhookEndpointsRefusePrivateTargets() {
        for (String url : PRIVATE) {
            assertRefused(api.post(path("/webhooks"), obj("url", url, "events", List.of("sms.*"))), "url", url);
        }
        Resp r = api.post(path("/webhooks"), obj("url", "http://169.254.169.254/", "events", List.of("sms.*")));
        assertThat(r.text("/error/message")).contains("link-local").contains("cantila.http.allow-private");
        assertThat(api.post(path("/webhooks"), obj("url", "https://hooks.example.com/in", "events",
                List.of("sms.*"))).status()).isEqualTo(201);
    }

    @Test
    void routingRefusesPrivateSmsAndVoiceUrls() {
        String routing = "/v1/numbers/" + number.substring(1) + "/routing";
        for (String url : PRIVATE) {
            assertRefused(api.put(routing, obj("sms", Map.of("url", url))), "sms.url", url);
            assertRefused(api.put(routing, obj("voice", Map.of("url", url))), "voice.url", url);
        }
        assertThat(api.put(routing, obj("sms", Map.of("url", "https://app.example.com/sms"))).status()).isEqualTo(200);
    }

    @Test
    void sendsRefusePrivateStatusCallbacks() {
        for (String url : PRIVATE) {
            assertRefused(api.post(path("/sms/send"), obj("to", "+14155550100", "body", "hi", "statusCallback", url)),
                    "statusCallback", url);
        }
        assertRefused(api.post(path("/sms/bulk"), obj("body", "hi", "recipients", List.of("+14155550100"),
                "statusCallback", "http://10.1.1.1/")), "statusCallback", "bulk");
    }

    @Test
    void outboundCallsRefusePrivateUrls() {
        for (String url : PRIVATE) {
            assertRefused(api.post(path("/voice/calls"), obj("to", "+14155550100", "from", number, "url", url)),
                    "url", url);
        }
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedWhenTheRequestIsMade() {
        String url = receiver.url("/sms").replace("127.0.0.1", REBIND);
        assertThat(api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("url", url))).status())
                .as("a public-looking name passes registration").isEqualTo(200);

        assertThat(api.post("/v1/sim/inbound-sms", obj("from", "+14155550180", "to", number, "body", "ping")).status())
                .isLessThan(300);

        assertThat(receiver.hits()).isEmpty();
        JsonNode run = SERVER.lastUrlRun(project);
        assertThat(run.get("outcome").asText()).isEqualTo("url_error");
        assertThat(run.at("/detail/error").asText())
                .contains("rebind.example resolves to a loopback address (127.0.0.1)");
    }

    @Test
    void aWebhookToANameThatResolvesToLoopbackIsARefusedAttempt() {
        String url = receiver.url("/hook").replace("127.0.0.1", REBIND);
        assertThat(api.post(path("/webhooks"), obj("url", url, "events", List.of("sms.inbound"))).status()).isEqualTo(201);
        api.post("/v1/sim/inbound-sms", obj("from", "+14155550181", "to", number, "body", "hello"));

        SERVER.app().webhooks().runOnce();

        assertThat(receiver.hits()).isEmpty();
        JsonNode delivery = api.get(path("/webhooks/deliveries")).json().at("/data/0");
        assertThat(delivery.get("status").asText()).isEqualTo("failed");
        assertThat(delivery.toString()).contains("refused: rebind.example resolves to a loopback address");
    }

    @Test
    void aRedirectFromAnAllowedTargetIsNotFollowed() throws Exception {
        receiver.respond(hit -> 302);
        receiver.answer("see \u001b[1m http://127.0.0.1/admin\r\n" + "x".repeat(10_000));
        String url = receiver.url("/sms").replace("127.0.0.1", ALLOWED);
        assertThat(api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("url", url))).status())
                .isEqualTo(200);

        api.post("/v1/sim/inbound-sms", obj("from", "+14155550182", "to", number, "body", "ping"));

        assertThat(receiver.hits()).hasSize(1);
        JsonNode run = SERVER.lastUrlRun(project);
        assertThat(run.get("outcome").asText()).isEqualTo("url_error");
        String error = run.at("/detail/error").asText();
        assertThat(error).contains("answered 302 (redirects are not followed): see [1m http://127.0.0.1/admin xxx")
                .doesNotContain("\u001b", "\r", "\n").endsWith("…");
        assertThat(error.substring(error.indexOf("followed): ") + "followed): ".length()))
                .hasSizeLessThanOrEqualTo(dev.cantila.webhooks.outbound.Excerpt.MAX_CHARS);
    }
}
