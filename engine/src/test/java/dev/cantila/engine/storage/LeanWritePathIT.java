package dev.cantila.engine.storage;

import dev.cantila.engine.telephony.SimulatedCarrier;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import dev.cantila.webhooks.testing.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one inbound SMS costs the database, end to end, as the inbound bench drives it: the carrier's
 * {@code POST /v1/sim/inbound-sms} → the number's deployed script → its reply stored and queued → the
 * {@code sms.inbound} event for a subscribed endpoint; then the reply dispatched, the carrier's {@code sent} and
 * {@code delivered} reports with their {@code sms.status} events, and the endpoint's delivery made. Every
 * statement and commit of all of that (the API key lookup included) is counted by {@link SqlCounter}, and the
 * bound below keeps the path from growing back. Runs on H2 and, in CI, PostgreSQL.
 */
class LeanWritePathIT {
    static final String HOURS = """
            export async function onSms(sms, ctx) {
              if (/^hours$/i.test(sms.body)) return ctx.reply('We are open 9-5.');
            }
            """;
    /** Per inbound message, everything above; measured 2026-12-03 (see bench/README.md). */
    static final double MAX_STATEMENTS = 40;
    static final double MAX_COMMITS = 9;
    static final int MESSAGES = 20;

    private static final MutableClock CLOCK = MutableClock.at("2026-12-03T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);

    @Test
    void anInboundMessageRepliedToStaysWithinItsStatementBudget() throws Exception {
        try (Receiver receiver = new Receiver()) {
            var project = SERVER.newProject("lean");
            Api api = project.api();
            String number = api.post(project.path("/sms/activate"), obj("country", "US", "numberType", "local"))
                    .text("/e164");
            String sid = api.post(project.path("/scripts"), obj("name", "hours", "source", HOURS)).text("/id");
            assertThat(api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("script", sid)))
                    .status()).isEqualTo(200);
            assertThat(api.post(project.path("/webhooks"), obj("url", receiver.url("/hook"),
                    "events", List.of("sms.inbound"))).status()).isEqualTo(201);

            round(api, number, 5); // caches and first-time rows (the sender's sequence, the script's warm context)
            SqlCounter counter = SERVER.app().database().sqlCounter();
            counter.trace(true);
            SqlCounter.Counts before = counter.counts();
            round(api, number, MESSAGES);
            SqlCounter.Counts used = counter.counts().minus(before);
            counter.traced().forEach((sql, n) -> System.out.printf("%6.2f  %s%n", (double) n / MESSAGES, sql));
            counter.trace(false);

            assertThat(receiver.hits()).as("every sms.inbound delivered").hasSize(5 + MESSAGES);
            double statements = (double) used.statements() / MESSAGES;
            double commits = (double) used.commits() / MESSAGES;
            System.out.printf("lean write path: %.2f statements, %.2f commits per inbound message%n",
                    statements, commits);
            assertThat(statements).as("statements per inbound message").isLessThanOrEqualTo(MAX_STATEMENTS);
            assertThat(commits).as("commits per inbound message").isLessThanOrEqualTo(MAX_COMMITS);
        }
    }

    /** {@code n} inbound messages, each replied to; then everything they caused, until quiet. */
    private static void round(Api api, String number, int n) {
        for (int i = 0; i < n; i++) {
            Api.Resp r = api.post("/v1/sim/inbound-sms", obj("from", "+14155550123", "to", number, "body", "hours"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        SimulatedCarrier carrier = (SimulatedCarrier) SERVER.app().carrier();
        int dispatched = 0;
        int reports = 0;
        int delivered = 0;
        for (int i = 0; i < 30 && (dispatched < n || reports < 2 * n || delivered < n); i++) {
            dispatched += SERVER.app().sms().dispatchOnce(); // the sender's rate spreads them over a few seconds
            CLOCK.advance(Duration.ofSeconds(1));
            reports += carrier.reportDue();
            delivered += SERVER.app().webhooks().runOnce();
        }
        assertThat(dispatched).as("the replies dispatched").isEqualTo(n);
        assertThat(reports).as("sent and delivered reports").isEqualTo(2 * n);
        assertThat(delivered).as("webhook deliveries").isEqualTo(n);
    }
}
