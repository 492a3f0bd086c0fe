package dev.cantila.engine.otp;

import dev.cantila.engine.storage.Database;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.ManualTimers;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import dev.cantila.webhooks.testing.Receiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Codes never leave in clear: sent through every path (first send, re-send, idempotent replay, every template
 * option; verified right and wrong, canceled, expired), then searched for in every API answer, every webhook body
 * delivered, the server log, and the database: on H2 the database file's bytes and, on both H2 and PostgreSQL,
 * every text column of every table. Codes are 10 digits, so a match by chance (in an id or a timestamp) is
 * practically impossible.
 */
class OtpSecretsIT {
    private static final Path DATA = temp();
    private static final MutableClock CLOCK = MutableClock.at("2026-12-03T10:00:00Z");
    private static final ManualTimers TIMERS = new ManualTimers(CLOCK);
    private static final java.util.regex.Pattern SPOKEN = java.util.regex.Pattern.compile("is ((?:\\d, )+\\d)\\.");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(TIMERS, TestApps.onPostgres()
            ? Map.of("cantila.voice.sim.media", "0ms")
            : Map.of("cantila.db.url", "jdbc:h2:file:" + DATA.resolve("cantila"), "cantila.voice.sim.media", "0ms"));
    private static final List<String> LOG = new ArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (LOG) {
                LOG.add(r.getMessage() + " " + (r.getThrown() == null ? "" : r.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    static {
        Logger.getLogger("").addHandler(CAPTURE);
    }

    private final List<String> answers = new ArrayList<>();

    private static Path temp() {
        try {
            return Files.createTempDirectory("otp-secrets");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void detach() {
        Logger.getLogger("").removeHandler(CAPTURE);
    }

    private Resp keep(Resp r) {
        answers.add(r.body());
        return r;
    }

    @Test
    void noCodeAppearsInAnswersWebhooksLogsOrTheDatabase() throws Exception {
        OtpFixture f = new OtpFixture(SERVER, CLOCK, "secrets");
        List<String> codes = new ArrayList<>();
        try (Receiver receiver = new Receiver()) {
            keep(f.api.post("/v1/projects/" + f.project + "/webhooks", obj("url", receiver.url("/hook"),
                    "events", List.of("otp.*", "sms.*", "call.*"))));
            // approved after a wrong check; re-sent twice and replayed by its Idempotency-Key
            Map<String, String> key = Map.of("Idempotency-Key", "secret-1");
            String id = keep(f.api.post(f.path("/request"), obj("to", "+14155550501", "codeLength", 10, "appName",
                    "Acme", "appHash", "FA+9qCX9VSu", "webOtpDomain", "acme.example"), key)).text("/id");
            keep(f.api.post(f.path("/request"), obj("to", "+14155550501", "codeLength", 10, "appName", "Acme",
                    "appHash", "FA+9qCX9VSu", "webOtpDomain", "acme.example"), key));
            keep(f.request("+14155550501"));
            codes.add(f.code("+14155550501"));
            keep(f.verify("+14155550501", "0000000000"));
            keep(f.api.post(f.path("/verify"), obj("id", id, "code", codes.get(0))));
            // a project template in another language; canceled
            String second = keep(f.api.post(f.path("/request"), obj("to", "+14155550502", "codeLength", 10, "locale",
                    "de", "template", "{code} ist Ihr Code ({minutes} min)"))).text("/id");
            codes.add(f.code("+14155550502"));
            keep(f.api.post(f.path("/" + second + "/cancel"), "{}"));
            // left to expire
            keep(f.api.post(f.path("/request"), obj("to", "+14155550503", "codeLength", 10, "ttlSeconds", 120)));
            codes.add(f.code("+14155550503"));
            CLOCK.advance(java.time.Duration.ofMinutes(3));
            SERVER.app().otp().otp().expireDue();
            keep(f.verify("+14155550503", codes.get(2)));
            // by call (1 pressed to hear it again), and auto: the SMS, then the call with the same code
            String byCall = keep(f.api.post(f.path("/request"), obj("to", "+14155550504", "codeLength", 10, "channel",
                    "call"))).text("/callId");
            codes.add(heardOnCall(f, "+14155550504", byCall, "1"));
            keep(f.verify("+14155550504", codes.get(3)));
            String auto = keep(f.api.post(f.path("/request"), obj("to", "+14155550505", "codeLength", 10, "channel",
                    "auto"))).text("/id");
            codes.add(f.code("+14155550505"));
            CLOCK.advance(java.time.Duration.ofSeconds(30));
            assertThat(SERVER.app().otp().otp().fallBack()).isEqualTo(1);
            assertThat(heardOnCall(f, "+14155550505", keep(f.api.get(f.path("/" + auto))).text("/callId"), null))
                    .isEqualTo(codes.get(4));
            keep(f.verify("+14155550505", codes.get(4)));
            for (String call : List.of(byCall, f.api.get(f.path("/" + auto)).text("/callId"))) {
                keep(f.api.get("/v1/projects/" + f.project + "/voice/calls/" + call));
            }
            keep(f.api.get("/v1/projects/" + f.project + "/voice/calls"));
            keep(f.api.get("/v1/numbers/" + f.sender.substring(1) + "/executions"));
            // everything the API shows about them
            keep(f.api.get(f.path("")));
            keep(f.api.get(f.path("/" + id)));
            keep(f.api.get(f.path("/stats")));
            keep(f.api.get("/v1/projects/" + f.project + "/sms/messages"));
            keep(f.api.get("/v1/projects/" + f.project + "/billing/charges"));
            keep(f.api.get("/v1/projects/" + f.project + "/webhooks/deliveries"));
            for (int i = 0; i < 5; i++) {
                CLOCK.advance(java.time.Duration.ofSeconds(3));
                SERVER.app().sms().dispatchOnce();
                f.carrier().reportDue();
                f.carrier().reportDue();
                SERVER.app().webhooks().runOnce();
            }
            List<String> hooks = receiver.hits().stream().map(Receiver.Hit::text).toList();
            assertThat(hooks).as("webhook deliveries").anyMatch(h -> h.contains("otp.approved"));
            for (String code : codes) {
                assertThat(code).hasSize(10);
                for (String form : List.of(code, String.join(", ", code.split("")))) { // as sent, as spoken
                    assertThat(answers).as("API answers").noneMatch(a -> a.contains(form));
                    assertThat(hooks).as("webhook bodies").noneMatch(h -> h.contains(form));
                    synchronized (LOG) {
                        assertThat(LOG).as("server log").noneMatch(l -> l.contains(form));
                    }
                    assertThat(columnsHolding(form)).as("database columns holding " + form).isEmpty();
                }
            }
            assertThat(hooks).as("webhook deliveries").anyMatch(h -> h.contains("call.completed"));
        }
        // the searches find what is there: the destination number is in both
        assertThat(columnsHolding("14155550501")).contains("otp_verifications.to_e164");
        assertThat(answers).as("the redacted text is what the messages API shows")
                .anyMatch(a -> a.contains("••••••••••"));
        if (!TestApps.onPostgres()) {
            assertThat(filesHolding("14155550501".getBytes(StandardCharsets.US_ASCII))).isNotEmpty();
            for (String code : codes) {
                for (String form : List.of(code, String.join(", ", code.split("")))) {
                    assertThat(filesHolding(form.getBytes(StandardCharsets.US_ASCII))).as("H2 files holding " + form)
                            .isEmpty();
                }
            }
        }
    }

    /**
     * The code call {@code callId} to {@code to} played through (pressing {@code key} at "press 1", unless null) and
     * the code it said, read where the callee hears it: the simulated handset (that answer is not kept: it is the
     * one place the code is meant to be seen).
     */
    private static String heardOnCall(OtpFixture f, String to, String callId, String key) throws Exception {
        var sim = SERVER.app().voice().simulator().orElseThrow();
        String leg = SERVER.app().voice().legOf(f.project, callId);
        assertThat(TIMERS.awaitPending(java.time.Duration.ofSeconds(1))).isTrue();
        TIMERS.advance(java.time.Duration.ofSeconds(1));
        assertThat(TIMERS.awaitPending(java.time.Duration.ofSeconds(5))).isTrue();
        if (key != null) {
            sim.dtmf(leg, key);
            assertThat(sim.await(leg, l -> l.stream().filter(x -> "say".equals(x.get("type"))).count() >= 4,
                    java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(TIMERS.awaitPending(java.time.Duration.ofSeconds(5))).isTrue();
        }
        TIMERS.advance(java.time.Duration.ofSeconds(5));
        assertThat(sim.await(leg, l -> l.stream().anyMatch(x -> "hangup".equals(x.get("type"))),
                java.time.Duration.ofSeconds(10))).isTrue();
        String said = f.api.get("/v1/sim/handsets/" + to.substring(1) + "/calls").json().get("data").get(0)
                .get("said").get(0).asText();
        java.util.regex.Matcher m = SPOKEN.matcher(said);
        assertThat(m.find()).as(said).isTrue();
        return m.group(1).replace(", ", "");
    }

    /** Every text column of every table, searched for {@code code}: table.column of each match. */
    private static List<String> columnsHolding(String code) {
        Database db = SERVER.app().database();
        List<String[]> columns = Database.list(db.exec(), "SELECT table_name, column_name FROM"
                + " information_schema.columns WHERE table_schema = current_schema() AND (data_type LIKE '%char%'"
                + " OR data_type LIKE '%CHAR%' OR data_type IN ('text', 'CLOB', 'CHARACTER LARGE OBJECT'))",
                r -> new String[] {Database.str(r, "table_name"), Database.str(r, "column_name")});
        assertThat(columns).as("text columns found").hasSizeGreaterThan(50);
        List<String> hits = new ArrayList<>();
        for (String[] c : columns) {
            long n = Database.one(db.exec(), "SELECT COUNT(*) AS n FROM " + c[0] + " WHERE CAST(" + c[1]
                    + " AS VARCHAR(100000)) LIKE ?", r -> Database.lng(r, "n"), "%" + code + "%").orElse(0L);
            if (n > 0) {
                hits.add(c[0] + "." + c[1]);
            }
        }
        return hits;
    }

    private static List<Path> filesHolding(byte[] needle) throws IOException {
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DATA)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(p);
                if (indexOf(bytes, needle) >= 0) {
                    hits.add(p);
                }
            }
        }
        return hits;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
