package dev.cantila.engine.shipped;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} right after the last 2xx: every kind of write the API acknowledges is still there after a
 * restart on the same data (README: "a crash loses none"). Each write is followed by the kill with no pause; the
 * writes that take a call to produce (voicemail, outbound call) get a kill of their own.
 */
class CrashShippedIT {
    static final String IVR = """
            export async function onCall(call, ctx) {
              const d = await call.gather({ numDigits: 1, timeoutSeconds: 30, prompt: { say: 'Press a key.' } });
              await call.say('You pressed ' + d);
            }
            export async function onSms(sms, ctx) { return ctx.reply('hi'); }
            """;
    static Shipped server;
    static Path recordings;

    @BeforeAll
    static void start() throws IOException {
        recordings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "shipped-recordings-");
        server = Shipped.start(Map.of("CANTILA_RECORDINGS_DIR", recordings.toString()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Project(String id, Api api, String number) {
        String path(String rest) {
            return "/v1/projects/" + id + rest;
        }
    }

    private static Project project(String name) {
        Resp created = server.operator().post("/v1/projects", obj("name", name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Api api = server.operator().as(created.text("/apiKey"));
        String id = created.text("/id");
        Resp activated = api.post("/v1/projects/" + id + "/sms/activate", obj("country", "US", "numberType", "local"));
        assertThat(activated.status()).as(activated.body()).isBetween(200, 201);
        return new Project(id, api, activated.text("/e164"));
    }

    private static String created(Resp r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 202);
        return r.json().path("id").asText(null);
    }

    @Test
    void everyAcknowledgedWriteSurvivesKill9() {
        Project p = project("crash-writes");
        // the slow write first (10,000 rows), then the quick ones, so every one of those is within ~1 s of the kill
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            recipients.add(Map.of("to", String.format("+1415555%04d", i), "vars", Map.of("name", "n" + i)));
        }
        String bulk = created(p.api().post(p.path("/sms/bulk"), obj("body", "Hi {{name}}", "recipients", recipients,
                "sendAt", Instant.now().plus(Duration.ofHours(1)).toString())));
        String tpl = created(p.api().post(p.path("/sms/templates"), obj("name", "promo", "body", "Hi {{name}}")));
        String sid = created(p.api().post(p.path("/scripts"), obj("name", "ivr.js", "source", IVR)));
        String v2 = p.api().post(p.path("/scripts/" + sid + "/versions"), obj("source", IVR + "\n// v2\n"))
                .json().path("version").asText();
        assertThat(v2).isEqualTo("2");
        created(p.api().post(p.path("/scripts/" + sid + "/deploy"), obj("version", 2)));
        Resp routed = p.api().put("/v1/numbers/" + p.number().substring(1) + "/routing",
                obj("sms", Map.of("script", sid), "voice", Map.of("voicemail", true)));
        assertThat(routed.status()).as(routed.body()).isEqualTo(200);
        String hook = created(p.api().post(p.path("/webhooks"), obj("url", "http://127.0.0.1:9/hook",
                "events", List.of("sms.*"))));
        String sent = created(p.api().post(p.path("/sms/send"), obj("to", "+14155550123", "body", "shipped"),
                Map.of("Idempotency-Key", "crash-1")));
        String scheduled = created(p.api().post(p.path("/sms/send"), obj("to", "+14155550124", "body", "later",
                "sendAt", Instant.now().plus(Duration.ofHours(1)).toString())));
        Project last = project("crash-last");   // a project and an activation as the very last writes
        server.kill9();
        server.restart();

        Api api = p.api();
        assertThat(api.get(p.path("/sms/templates/" + tpl)).status()).as("template").isEqualTo(200);
        JsonNode script = api.get(p.path("/scripts/" + sid)).json();
        assertThat(script.path("deployedVersion").asInt()).as("script deployed at v2: " + script).isEqualTo(2);
        JsonNode routing = api.get("/v1/numbers/" + p.number().substring(1) + "/routing").json();
        assertThat(routing.at("/sms/kind").asText()).as("routing " + routing).isEqualTo("script");
        assertThat(routing.at("/voice/kind").asText()).as("routing " + routing).isEqualTo("voicemail");
        assertThat(api.get(p.path("/webhooks/" + hook)).status()).as("webhook endpoint").isEqualTo(200);
        assertThat(api.get(p.path("/sms/messages/" + sent)).status()).as("sent message").isEqualTo(200);
        assertThat(api.get(p.path("/sms/messages/" + scheduled)).json().path("status").asText())
                .as("scheduled message").isEqualTo("scheduled");
        JsonNode b = api.get(p.path("/sms/bulk/" + bulk)).json();
        assertThat(b.path("total").asInt()).as("bulk " + b).isEqualTo(10_000);
        int counted = 0;
        for (JsonNode n : b.path("counts")) {
            counted += n.asInt();
        }
        assertThat(counted).as("bulk messages " + b.path("counts")).isEqualTo(10_000);
        Resp lastProject = last.api().get(last.path(""));
        assertThat(lastProject.status()).as("the last project, by its own key").isEqualTo(200);
        assertThat(last.api().get(last.path("/env")).body()).as("the last activation").contains(last.number());
    }

    @Test
    void aVoicemailAndAnOutboundCallSurviveKill9() throws IOException {
        Project p = project("crash-calls");
        Resp routed = p.api().put("/v1/numbers/" + p.number().substring(1) + "/routing",
                obj("voice", Map.of("voicemail", true)));
        assertThat(routed.status()).as(routed.body()).isEqualTo(200);
        Resp in = p.api().post("/v1/sim/inbound-call", obj("from", "+14155550128", "to", p.number()));
        assertThat(in.json().path("admitted").asBoolean()).as(in.body()).isTrue();
        String inbound = in.text("/callId");
        Poll.until("the caller is recording", Duration.ofSeconds(30),
                () -> p.api().get("/v1/sim/calls/" + inbound).body().contains("record"));
        p.api().post("/v1/sim/calls/" + inbound + "/hangup", null);
        JsonNode voicemail = Poll.until("the voicemail is listed", Duration.ofSeconds(30), () -> {
            JsonNode data = p.api().get(p.path("/voice/voicemails")).json().path("data");
            return data.isEmpty() ? null : data.get(0);
        });
        try (var files = Files.walk(recordings)) {
            assertThat(files.filter(f -> f.toString().endsWith(".wav")).count()).as("CANTILA_RECORDINGS_DIR holds the"
                    + " voicemail").isPositive();
        }
        String sid = created(p.api().post(p.path("/scripts"), obj("name", "out.js", "source", IVR)));
        String outbound = created(p.api().post(p.path("/voice/calls"), obj("to", "+14155550140", "from", p.number(),
                "script", sid)));
        server.kill9();
        server.restart();

        assertThat(p.api().get(p.path("/voice/voicemails/" + voicemail.path("id").asText())).status())
                .as("voicemail").isEqualTo(200);
        assertThat(p.api().get(p.path("/voice/calls/" + inbound)).status()).as("inbound call").isEqualTo(200);
        assertThat(p.api().get(p.path("/voice/calls/" + outbound)).status()).as("outbound call").isEqualTo(200);
    }

    @Test
    void flagsAreHonouredAndTheTextLogIsOneLinePerRecord() {
        if (!server.onPostgres()) {
            assertThat(server.dataDir().resolve("cantila.mv.db")).as("--data").exists();
            assertThat(server.log()).contains("(database H2 file:" + server.dataDir().resolve("cantila") + ";");
        }
        assertThat(server.operator().get("/observe/health").status()).as("--port").isEqualTo(200);
        String log = server.log();
        assertThat(log).contains("SMS carrier: simulated, voice switch: simulated").doesNotContain("\u001b[");
        for (String line : log.split("\n")) {
            assertThat(line).as("a JUL two-line record's second line").doesNotMatch("^(INFO|WARNING|SEVERE|FINE): .*");
            assertThat(line).as("a stack trace line of its own").doesNotMatch("^\\s+at .*");
        }
    }
}
