package dev.cantila.engine.shipped;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.freeswitch.FakeFreeSwitch;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Configuration table, through the environment only: one server started with {@code CANTILA_PORT},
 * {@code CANTILA_DATA_DIR} (no flags), {@code CANTILA_API_KEY}, {@code CANTILA_FREESWITCH} (a fake FreeSWITCH in
 * this JVM, speaking ESL over TCP), {@code CANTILA_LOG_FORMAT=json}, {@code CANTILA_JS_RUNTIME}, and on H2 a
 * {@code CANTILA_DB_URL} elsewhere than the data directory; bad values stop start-up naming the variable.
 * ({@code --port}/{@code --data}, {@code CANTILA_RECORDINGS_DIR} and the text log format: {@link CrashShippedIT}.)
 */
class SettingsShippedIT {
    static FakeFreeSwitch fs;
    static Shipped server;
    static Path h2Elsewhere;

    @BeforeAll
    static void start() throws IOException {
        fs = FakeFreeSwitch.start(FakeFreeSwitch.DEFAULT_PASSWORD, "shipped");
        Map<String, String> env = new HashMap<>(Map.of("CANTILA_FREESWITCH", fs.spec("fs1"),
                "CANTILA_LOG_FORMAT", "json", "CANTILA_JS_RUNTIME", "interpreter"));
        if (System.getProperty("cantila.it.db.url", "").isBlank()) {
            h2Elsewhere = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "h2-elsewhere-");
            env.put("CANTILA_DB_URL", "jdbc:h2:file:" + h2Elsewhere.resolve("db"));
        }
        server = Shipped.startWithoutFlags(env);
    }

    @AfterAll
    static void stop() {
        server.close();
        fs.close();
    }

    @Test
    void portDataDirAndDatabaseFromTheEnvironment() {
        assertThat(new Api(server.base(), null).get("/observe/health").status()).as("CANTILA_PORT").isEqualTo(200);
        if (h2Elsewhere != null) {
            assertThat(h2Elsewhere.resolve("db.mv.db")).as("CANTILA_DB_URL").exists();
            assertThat(server.dataDir().resolve("cantila.mv.db")).as("not in the data dir").doesNotExist();
            assertThat(server.log()).as("the start-up line names the database that runs")
                    .contains("(database H2 file:" + h2Elsewhere.resolve("db") + ";");
        } else {
            assertThat(server.log()).as("CANTILA_DB_URL on PostgreSQL").contains("(database PostgreSQL;");
        }
    }

    @Test
    void theOperatorKeyIsTheOneSet() {
        assertThat(server.operator().get("/v1/projects").status()).isEqualTo(200);
        assertThat(server.operator().as("shipped-operator-key-0123456788").get("/v1/projects").status())
                .isEqualTo(401);
        assertThat(server.log()).as("no key generated").doesNotContain("Generated the operator API key");
    }

    @Test
    void cantilaFreeswitchAloneRunsCallsAndSmsThroughTheNodes() {
        fs.awaitSubscribers(1, Duration.ofSeconds(30));
        assertThat(server.log()).contains("SMS carrier: FreeSWITCH (SIP MESSAGE), voice switch: FreeSWITCH nodes fs1 at 127.0.0.1:"
                + fs.port()).doesNotContain("simulated");
        JsonNode health = Poll.until("fs1 connected in /observe/health", Duration.ofSeconds(30), () -> {
            JsonNode h = new Api(server.base(), null).get("/observe/health").json();
            for (JsonNode c : h.path("checks")) {
                if (c.path("name").asText().equals("freeswitch") && c.path("data").path("fs1.connected").asBoolean()) {
                    return c;
                }
            }
            return null;
        });
        assertThat(health.path("status").asText()).isEqualTo("UP");

        Api.Resp created = server.operator().post("/v1/projects", obj("name", "fs-sms"));
        Api api = server.operator().as(created.text("/apiKey"));
        String p = "/v1/projects/" + created.text("/id");
        api.post(p + "/sms/activate", obj("country", "US", "numberType", "local"));
        Api.Resp sent = api.post(p + "/sms/send", obj("to", "+14155550123", "body", "via the switch"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        FakeFreeSwitch.Chat chat = fs.awaitChat(c -> c.body().equals("via the switch"), Duration.ofSeconds(30));
        assertThat(chat.to()).contains("14155550123");
    }

    @Test
    void jsonLogsAreOneObjectPerLineWithoutEscapeCodes() throws IOException {
        Poll.until("the start-up line", Duration.ofSeconds(10), () -> server.log().contains("serving on"));
        String log = server.log();
        assertThat(log).doesNotContain("\u001b[");
        for (String line : log.split("\n")) {
            JsonNode record;
            try {
                record = Api.JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            assertThat(record.path("time").asText()).as(line).isNotBlank();
            assertThat(record.path("level").asText()).as(line).isNotBlank();
            assertThat(record.has("message")).as(line).isTrue();
        }
    }

    @Test
    void badValuesStopStartUpNamingTheVariable() {
        Shipped format = Shipped.run(Map.of("CANTILA_LOG_FORMAT", "xml"), "serve");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.log()).contains("CANTILA_LOG_FORMAT").contains("'xml'");
        format.close();
        Shipped js = Shipped.run(Map.of("CANTILA_JS_RUNTIME", "fast"), "serve");
        assertThat(js.exitCode()).isEqualTo(1);
        assertThat(js.log()).contains("CANTILA_JS_RUNTIME").contains("'fast'");
        js.close();
        Shipped telephony = Shipped.run(Map.of("CANTILA_TELEPHONY", "freeswitch"), "serve");
        assertThat(telephony.exitCode()).isEqualTo(2);
        assertThat(telephony.log()).contains("CANTILA_FREESWITCH");
        telephony.close();
    }
}
