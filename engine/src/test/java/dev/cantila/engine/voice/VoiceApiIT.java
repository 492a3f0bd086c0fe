package dev.cantila.engine.voice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.ManualTimers;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** Outbound calls through their states, the call and voicemail API's bad input, unknown ids and tenancy. */
class VoiceApiIT {
    static final ManualTimers TIMERS = new ManualTimers(MutableClock.at("2026-11-27T10:00:00Z"));
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(TIMERS, Map.of("cantila.voice.sim.media", "0ms"));
    private static CallWatch watch;
    private final Api operator = SERVER.operator();
    private String project;
    private Api api;
    private String number;
    private String script;

    @BeforeEach
    void newProject() {
        if (watch == null) {
            watch = new CallWatch(SERVER.app());
        }
        var created = SERVER.newProject("outbound");
        project = created.id();
        api = created.api();
        number = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
        script = api.post(path("/scripts"), obj("name", "hello", "source", """
                export async function onCall(call, ctx) {
                  await call.say('Your appointment is tomorrow at 10.');
                }
                """)).text("/id");
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    private Resp dial(String to, int timeoutSeconds) {
        return api.post(path("/voice/calls"), obj("to", to, "from", number, "script", script, "timeoutSeconds",
                timeoutSeconds));
    }

    private void target(String e164, String answer) {
        assertThat(operator.put("/v1/sim/voice/targets/" + e164.substring(1), obj("answer", answer)).status())
                .isEqualTo(200);
    }

    @Test
    void anAnsweredOutboundCallRunsItsScript() throws Exception {
        Resp created = dial("+14155550201", 30);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.text("/status")).isEqualTo("queued");
        assertThat(created.text("/direction")).isEqualTo("outbound");
        String cid = created.text("/id");

        assertThat(watch.awaitTerminal(cid)).containsExactly("queued", "ringing", "in-progress", "completed");
        JsonNode heard = api.get("/v1/sim/calls/" + cid).json();
        assertThat(heard.get("events").toString()).contains("Your appointment is tomorrow at 10.");
        assertThat(api.get(path("/voice/calls?direction=outbound")).json().get("data")).hasSize(1);
    }

    @Test
    void busyAndUnansweredOutboundCalls() throws Exception {
        target("+14155550202", "busy");
        target("+14155550203", "no-answer");
        target("+14155550204", "failed");
        String busy = dial("+14155550202", 30).text("/id");
        String unanswered = dial("+14155550203", 15).text("/id");
        String failed = dial("+14155550204", 30).text("/id");

        assertThat(watch.awaitTerminal(busy)).containsExactly("queued", "ringing", "busy");
        assertThat(watch.awaitTerminal(failed)).containsExactly("queued", "ringing", "failed");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(15))).isTrue();
        TIMERS.advance(Duration.ofSeconds(15));
        assertThat(watch.awaitTerminal(unanswered)).containsExactly("queued", "ringing", "no-answer");
        assertThat(api.get(path("/voice/calls/" + busy)).text("/cause")).isEqualTo("USER_BUSY");
        assertThat(api.get(path("/voice/calls?status=no-answer")).json().get("data")).hasSize(1);
    }

    @Test
    void hangingUpBeforeTheAnswerCancelsTheCall() throws Exception {
        target("+14155550205", "no-answer");
        String cid = dial("+14155550205", 25).text("/id");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(25))).isTrue();

        Resp hung = api.post(path("/voice/calls/" + cid + "/hangup"), null);
        assertThat(hung.status()).as(hung.body()).isEqualTo(200);
        assertThat(hung.text("/status")).isEqualTo("canceled");
        assertThat(watch.awaitTerminal(cid)).containsExactly("queued", "ringing", "canceled");
        assertThat(api.post(path("/voice/calls/" + cid + "/hangup"), null).errorCode()).isEqualTo("call_ended");
        TIMERS.advance(Duration.ofSeconds(25));
        assertThat(api.get(path("/voice/calls/" + cid)).text("/status")).isEqualTo("canceled");
    }

    @Test
    void paramsReachTheHandlerAsCallParams() throws Exception {
        String reader = api.post(path("/scripts"), obj("name", "otp", "source", """
                export async function onCall(call, ctx) {
                  await call.say('Your code is ' + call.params.code.split('').join(' ') + ' ' + Object.isFrozen(call.params));
                }
                """)).text("/id");
        Resp created = api.post(path("/voice/calls"), obj("to", "+14155550207", "from", number, "script", reader,
                "params", Map.of("code", "4821")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.text("/params/code")).isEqualTo("4821");
        String cid = created.text("/id");
        assertThat(watch.awaitTerminal(cid)).endsWith("completed");
        assertThat(api.get("/v1/sim/calls/" + cid).json().get("events").toString()).contains("Your code is 4 8 2 1 true");
        assertThat(api.get(path("/voice/calls/" + cid)).text("/params/code")).isEqualTo("4821");

        String calls = path("/voice/calls");
        assertThat(api.post(calls, obj("to", "+14155550207", "from", number, "script", reader, "params",
                Map.of("code", Map.of("x", 1)))).text("/error/field")).isEqualTo("params.code");
        java.util.Map<String, Object> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 21; i++) {
            many.put("k" + i, "v");
        }
        assertThat(api.post(calls, obj("to", "+14155550207", "from", number, "script", reader, "params", many))
                .text("/error/field")).isEqualTo("params");
    }

    @Test
    void outboundCallsRefuseBadInput() {
        String calls = path("/voice/calls");
        assertThat(api.post(calls, "{not json").errorCode()).isEqualTo("invalid_json");
        assertThat(api.post(calls, "[]").errorCode()).isEqualTo("invalid_json");
        assertThat(api.post(calls, obj("from", number, "script", script)).text("/error/field")).isEqualTo("to");
        assertThat(api.post(calls, obj("to", "+14155550206", "script", script)).text("/error/field")).isEqualTo("from");
        Resp shortTo = api.post(calls, obj("to", "12", "from", number, "script", script));
        assertThat(shortTo.status()).isEqualTo(400);
        assertThat(shortTo.errorCode()).isEqualTo("invalid_phone_number");
        assertThat(api.post(calls, obj("to", 14155550206L, "from", number, "script", script)).text("/error/field"))
                .isEqualTo("to");
        Resp notHeld = api.post(calls, obj("to", "+14155550206", "from", "+14155550299", "script", script));
        assertThat(notHeld.status()).isEqualTo(422);
        assertThat(notHeld.errorCode()).isEqualTo("number_not_held");
        assertThat(api.post(calls, obj("to", "+14155550206", "from", number)).status()).isEqualTo(400);
        assertThat(api.post(calls, obj("to", "+14155550206", "from", number, "script", script, "url",
                "https://example.com/x")).status()).isEqualTo(400);
        assertThat(api.post(calls, obj("to", "+14155550206", "from", number, "script", "scr_nope")).status())
                .isEqualTo(404);
        assertThat(api.post(calls, obj("to", "+14155550206", "from", number, "url", "ftp://x")).text("/error/field"))
                .isEqualTo("url");
        assertThat(api.post(calls, obj("to", "+14155550206", "from", number, "script", script, "timeoutSeconds", 0))
                .text("/error/field")).isEqualTo("timeoutSeconds");
        assertThat(api.post(calls, obj("to", "+14155550206", "from", number, "script", "x".repeat(20_000))).status())
                .isEqualTo(413);
        assertThat(api.get(calls + "?status=talking").text("/error/field")).isEqualTo("status");
        assertThat(api.get(calls + "?direction=sideways").text("/error/field")).isEqualTo("direction");
        assertThat(api.get(calls + "?limit=0").text("/error/field")).isEqualTo("limit");
        assertThat(api.get(path("/voice/voicemails?heard=maybe")).text("/error/field")).isEqualTo("heard");
    }

    @Test
    void unknownIdsAreNotFoundAndOtherProjectsAreForbidden() {
        for (String route : new String[]{"/voice/calls/call_nope", "/voice/voicemails/vm_nope",
                "/voice/voicemails/vm_nope/audio"}) {
            assertThat(api.get(path(route)).status()).as(route).isEqualTo(404);
        }
        assertThat(api.post(path("/voice/calls/call_nope/hangup"), null).status()).isEqualTo(404);
        assertThat(api.post(path("/voice/voicemails/vm_nope/heard"), null).status()).isEqualTo(404);
        assertThat(api.delete(path("/voice/voicemails/vm_nope")).status()).isEqualTo(404);

        String cid = dial("+14155550207", 30).text("/id");
        Api other = operator.as(operator.post("/v1/projects", obj("name", "other")).text("/apiKey"));
        assertThat(other.get(path("/voice/calls/" + cid)).status()).isEqualTo(403);
        assertThat(other.get(path("/voice/calls")).status()).isEqualTo(403);
        assertThat(other.post(path("/voice/calls/" + cid + "/hangup"), null).status()).isEqualTo(403);
        assertThat(other.get(path("/voice/voicemails")).status()).isEqualTo(403);
        assertThat(other.get("/v1/sim/calls/" + cid).status()).isEqualTo(403);
        assertThat(other.post("/v1/sim/calls/" + cid + "/dtmf", obj("digits", "1")).status()).isEqualTo(403);
        assertThat(api.as(null).get(path("/voice/calls")).status()).isEqualTo(401);
        assertThat(api.as("wrong-key-0123456789").get(path("/voice/calls")).status()).isEqualTo(401);
        assertThat(operator.get(path("/voice/calls/" + cid)).status()).isEqualTo(200);
        assertThat(api.put("/v1/sim/voice/targets/14155550208", obj("answer", "busy")).status())
                .as("switch-wide: operator only").isEqualTo(403);
        assertThat(operator.put("/v1/sim/voice/targets/14155550208", obj("answer", "maybe")).text("/error/field"))
                .isEqualTo("answer");
        assertThat(api.post("/v1/sim/calls/" + cid + "/dtmf", obj("digits", "12x")).text("/error/field"))
                .isEqualTo("digits");
    }
}
