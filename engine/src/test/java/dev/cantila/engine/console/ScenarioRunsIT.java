package dev.cantila.engine.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/projects/{id}/scripts/scenario-runs}: the Console's "Run scenario", the same runner as
 * {@code cantila test}, offline — a pass with its transcript, a failed step by line, a source that does not
 * compile by line and column, a scenario that does not parse as a 400 naming the field; nothing real is touched.
 */
class ScenarioRunsIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();
    private static final String HANDLER = """
            export async function onSms(sms, ctx) {
              ctx.log.info('got', sms.body);
              return ctx.reply('Echo: ' + sms.body);
            }
            export async function onCall(call, ctx) {
              await call.say('Hi');
              const d = await call.gather({ numDigits: 1, timeoutSeconds: 5 });
              await call.say('You pressed ' + d);
            }
            """;

    private JsonNode run(TestServer.TestProject p, String source, String scenario) {
        Api.Resp r = p.api().post(p.path("/scripts/scenario-runs"), Api.obj("name", "echo.js", "source", source,
                "scenario", scenario));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aPassingScenarioReturnsItsTranscript() {
        var p = SERVER.newProject("runs-pass");
        JsonNode r = run(p, HANDLER, """
                name: echo and menu
                steps:
                  - sms: hello
                  - expect: {reply: "Echo: hello"}
                  - call: {}
                  - expect: {say: Hi}
                  - press: "7"
                  - expect: {say: You pressed 7}
                """);
        assertThat(r.get("passed").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("scenario").asText()).isEqualTo("echo and menu");
        assertThat(r.get("transcript").findValuesAsText("render")).anyMatch(l -> l.startsWith("reply → ") && l.endsWith("\"Echo: hello\""))
                .anyMatch(l -> l.contains("You pressed 7"));
        // offline: no message was stored for the project
        assertThat(p.api().get(p.path("/sms/messages")).json().get("data")).isEmpty();
    }

    @Test
    void aFailedStepIsReportedWithItsLine() {
        JsonNode r = run(SERVER.newProject("runs-fail"), HANDLER, """
                name: wrong expectation
                steps:
                  - sms: hello
                  - expect: {reply: "Bonjour"}
                """);
        assertThat(r.get("passed").asBoolean()).isFalse();
        assertThat(r.get("failure").get("line").asInt()).isEqualTo(4);
        assertThat(r.get("failure").get("message").asText()).contains("Bonjour");
    }

    @Test
    void aSourceThatDoesNotCompileIsReportedByLineAndColumn() {
        JsonNode r = run(SERVER.newProject("runs-syntax"), "export async function onSms(sms, ctx) {\n  return ctx.reply(;\n}\n",
                "steps:\n  - sms: hi\n");
        assertThat(r.get("passed").asBoolean()).isFalse();
        assertThat(r.get("compile").get("line").asInt()).isEqualTo(2);
        assertThat(r.get("compile").get("message").asText()).isNotBlank();
    }

    @Test
    void aScenarioThatDoesNotParseIsA400OnTheField() {
        var p = SERVER.newProject("runs-bad");
        Api.Resp r = p.api().post(p.path("/scripts/scenario-runs"), Api.obj("source", HANDLER, "scenario", "steps: 7"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_scenario");
        assertThat(r.json().at("/error/field").asText()).isEqualTo("scenario");
        Api.Resp unknown = p.api().post(p.path("/scripts/scenario-runs"), Api.obj("source", HANDLER, "scenario",
                "steps: [{sms: hi}]", "extra", "x"));
        assertThat(unknown.errorCode()).isEqualTo("unknown_field");
    }
}
