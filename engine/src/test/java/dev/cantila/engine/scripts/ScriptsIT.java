package dev.cantila.engine.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import dev.cantila.webhooks.testing.Receiver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handlers end to end over HTTP: upload with validation, versions, deploy and rollback, routing a number to a
 * script, a URL or a forward, and inbound messages running through them with the execution log.
 */
class ScriptsIT {
    static final String HOURS = """
            export async function onSms(sms, ctx) {
              if (/^hours$/i.test(sms.body)) return ctx.reply('We are open 9-5.');
              const n = (ctx.kv.get('count') || 0) + 1;
              ctx.kv.set('count', n);
              console.log('message', n, 'from', sms.from);
              await ctx.forward('+14155550100', { prefix: 'Fwd: ' });
            }
            """;
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();
    private final Api operator = SERVER.operator();
    private String project;
    private Api api;
    private String number;

    @BeforeEach
    void newProject() {
        var created = SERVER.newProject("scripts");
        project = created.id();
        api = created.api();
        number = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    private Resp inbound(String from, String body) {
        return api.post("/v1/sim/inbound-sms", obj("from", from, "to", number, "body", body));
    }

    private List<String> outboundBodies() {
        List<String> out = new ArrayList<>();
        api.get(path("/sms/messages?direction=outbound")).json().get("data").forEach(m -> out.add(
                m.get("to").asText() + " " + m.get("body").asText()));
        return out;
    }

    @Test
    void uploadValidatesAndVersionsAreImmutable() {
        Resp syntax = api.post(path("/scripts"), obj("name", "bad", "source", "export function onSms(sms, ctx) {\n  return (;\n}"));
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.errorCode()).isEqualTo("script_invalid");
        assertThat(syntax.text("/error/message")).contains("bad.js:2:");
        assertThat(api.post(path("/scripts"), obj("name", "none", "source", "export const x = 1;")).status())
                .isEqualTo(400);
        assertThat(api.post(path("/scripts"), obj("name", "big", "source", "//" + "x".repeat(300_000))).status())
                .isEqualTo(400);
        assertThat(api.post(path("/scripts"), obj("name", "x")).text("/error/field")).isEqualTo("source");

        Resp created = api.post(path("/scripts"), obj("name", "hours", "source", HOURS));
        assertThat(created.status()).isEqualTo(201);
        String sid = created.text("/id");
        assertThat(created.json().get("deployedVersion").asInt()).isEqualTo(1);
        assertThat(api.post(path("/scripts"), obj("name", "hours", "source", HOURS)).errorCode())
                .isEqualTo("script_name_taken");
        assertThat(api.post(path("/scripts/" + sid + "/versions"), obj("source", HOURS)).json().get("version").asInt())
                .as("same content, same version").isEqualTo(1);
        Resp v2 = api.post(path("/scripts/" + sid + "/versions"), obj("source", HOURS + "\n// v2\n"));
        assertThat(v2.json().get("version").asInt()).isEqualTo(2);
        assertThat(api.get(path("/scripts/" + sid)).json().get("deployedVersion").asInt()).isEqualTo(1);
        assertThat(api.post(path("/scripts/" + sid + "/deploy"), obj("version", 2)).json().get("deployedVersion").asInt())
                .isEqualTo(2);
        assertThat(api.post(path("/scripts/" + sid + "/deploy"), obj("version", 1)).json().get("deployedVersion").asInt())
                .as("rollback").isEqualTo(1);
        assertThat(api.post(path("/scripts/" + sid + "/deploy"), obj("version", 9)).status()).isEqualTo(404);
        assertThat(api.get(path("/scripts/" + sid + "/versions")).json().get("data")).hasSize(2);
        assertThat(api.get(path("/scripts/" + sid + "/versions/2")).text("/source")).endsWith("// v2\n");
        assertThat(api.get(path("/scripts/" + sid + "/versions/x")).status()).isEqualTo(400);

        Api other = operator.as(operator.post("/v1/projects", obj("name", "o")).text("/apiKey"));
        assertThat(other.get(path("/scripts/" + sid)).status()).isEqualTo(403);
        assertThat(other.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("script", sid)))
                .status()).isEqualTo(403);
    }

    @Test
    void inboundRunsTheDeployedScriptThroughTheSendPath() {
        String sid = api.post(path("/scripts"), obj("name", "hours", "source", HOURS)).text("/id");
        Resp routed = api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("script", sid)));
        assertThat(routed.status()).as(routed.body()).isEqualTo(200);
        assertThat(routed.text("/sms/kind")).isEqualTo("script");

        inbound("+14155550171", "HOURS");
        inbound("+14155550172", "Is the cake ready?");
        inbound("+14155550173", "second one");
        assertThat(outboundBodies()).contains("+14155550171 We are open 9-5.",
                "+14155550100 Fwd: Is the cake ready?", "+14155550100 Fwd: second one");

        JsonNode log = api.get(path("/scripts/" + sid + "/executions")).json().get("data");
        assertThat(log).hasSize(3);
        JsonNode last = log.get(0);
        assertThat(last.get("outcome").asText()).isEqualTo("ok");
        assertThat(last.at("/detail/actions/0/name").asText()).isEqualTo("forward");
        assertThat(last.at("/detail/logs/0/text").asText()).isEqualTo("message 2 from +14155550173");
        assertThat(api.get(path("/scripts/" + sid + "/executions/" + last.get("id").asText())).text("/eventId"))
                .isEqualTo(last.get("eventId").asText());
    }

    @Test
    void aFailingScriptIsLoggedWithItsLocationAndSendsNothing() {
        String sid = api.post(path("/scripts"), obj("name", "broken.js", "source",
                "export function onSms(sms, ctx) {\n  const x = null;\n  return x.boom;\n}")).text("/id");
        api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("script", sid)));
        inbound("+14155550174", "hi");
        assertThat(outboundBodies()).isEmpty();
        JsonNode ex = api.get(path("/scripts/" + sid + "/executions")).json().at("/data/0");
        assertThat(ex.get("outcome").asText()).isEqualTo("error");
        assertThat(ex.at("/detail/error/fileName").asText()).isEqualTo("broken.js");
        assertThat(ex.at("/detail/error/line").asInt()).isEqualTo(3);
    }

    @Test
    void urlAndForwardRouting() throws Exception {
        try (Receiver app2 = new Receiver()) {
            app2.respond(hit -> 200);
            api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("url", app2.url("/sms"))));
            inbound("+14155550175", "ping");
            assertThat(app2.hits()).hasSize(1);
            assertThat(app2.hits().get(0).header("Cantila-Signature")).startsWith("t=");
            assertThat(Api.JSON.readTree(app2.hits().get(0).body()).at("/data/body").asText()).isEqualTo("ping");
        }
        api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("forward", "(415) 555-0176")));
        inbound("+14155550177", "to the owner");
        assertThat(outboundBodies()).contains("+14155550176 From +14155550177: to the owner");

        assertThat(api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("url", "ftp://x")))
                .text("/error/field")).isEqualTo("sms.url");
        assertThat(api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("script", "scr_nope")))
                .status()).isEqualTo(404);
        assertThat(api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("fax", "x")))
                .text("/error/field")).isEqualTo("sms.fax");
        assertThat(api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("forward", number)))
                .status()).isEqualTo(400);
        assertThat(api.get("/v1/numbers/" + number.substring(1) + "/routing").text("/sms/target")).isEqualTo("+14155550176");
    }
}
