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
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(new ManualTimers(CLOCK), TestApps.onPostgres() ? Map.of()
            : Map.of("cantila.db.url", "jdbc:h2:file:" + DATA.resolve("cantila")));
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
                    "events", List.of("otp.*", "sms.*"))));
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
                assertThat(answers).as("API answers").noneMatch(a -> a.contains(code));
                assertThat(hooks).as("webhook bodies").noneMatch(h -> h.contains(code));
                synchronized (LOG) {
                    assertThat(LOG).as("server log").noneMatch(l -> l.contains(code));
                }
                assertThat(columnsHolding(code)).as("database columns holding " + code).isEmpty();
            }
        }
        // the searches find what is there: the destination number is in both
        assertThat(columnsHolding("14155550501")).contains("otp_verifications.to_e164");
        assertThat(answers).as("the redacted text is what the messages API shows")
                .anyMatch(a -> a.contains("••••••••••"));
        if (!TestApps.onPostgres()) {
            assertThat(filesHolding("14155550501".getBytes(StandardCharsets.US_ASCII))).isNotEmpty();
            for (String code : codes) {
                assertThat(filesHolding(code.getBytes(StandardCharsets.US_ASCII))).as("H2 files holding " + code)
                        .isEmpty();
            }
        }
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
