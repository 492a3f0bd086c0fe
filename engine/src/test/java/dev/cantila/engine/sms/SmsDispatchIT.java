package dev.cantila.engine.sms;

import dev.cantila.engine.App;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.SimulatedCarrier;
import dev.cantila.engine.telephony.TelephonyProvider.OutboundSms;
import dev.cantila.engine.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dispatcher, the state machine and the simulated carrier under a fake clock, on the real database (H2, and
 * PostgreSQL in CI): pacing, the full lifecycle, carrier failures, scheduling, crash recovery, restarts and two
 * instances sharing one database. No threads run unless a test starts them; time moves only by the test.
 */
class SmsDispatchIT {
    private static final Map<String, String> OVERRIDES = Map.of(
            "cantila.sms.throughput.local", "10",
            "cantila.carrier.burst", "5",
            "cantila.carrier.failures.+14155550199", "30003",
            "cantila.carrier.failures.+14155550198", "21610");

    private SmsEngines engines;
    private MutableClock clock;
    private Settings settings;
    private App app;
    private String project;
    private String sender;

    @BeforeEach
    void setUp() {
        engines = new SmsEngines("2026-11-27T10:00:00Z", OVERRIDES, "dispatch");
        clock = engines.clock;
        settings = engines.settings;
        app = engines.first;
        project = engines.project;
        sender = engines.sender;
    }

    private App start() {
        return engines.start();
    }

    @AfterEach
    void tearDown() {
        engines.close();
    }

    private String send(String to, String sendAt) {
        return app.sms().service().send(project, new SmsService.SendRequest(to, "hello", null, Map.of(), null, sendAt,
                null), null).message().id();
    }

    private Message get(String id) {
        return app.sms().service().get(project, id);
    }

    private int report() {
        return ((SimulatedCarrier) app.carrier()).reportDue();
    }

    private long submissions() {
        return Database.one(app.database().exec(), "SELECT COUNT(*) AS n FROM sim_carrier_submissions",
                r -> Database.lng(r, "n")).orElseThrow();
    }

    @Test
    void fullLifecycleIsRecordedInOrder() {
        String id = send("+14155550123", null);
        assertThat(get(id).status()).isEqualTo("queued");
        assertThat(app.sms().dispatchOnce()).isEqualTo(1);
        assertThat(get(id).status()).isEqualTo("sending");
        clock.advanceMillis(20);
        report();
        assertThat(get(id).status()).isEqualTo("sent");
        clock.advanceMillis(50);
        report();
        Message m = get(id);
        assertThat(m.status()).isEqualTo("delivered");
        assertThat(m.events()).extracting(Message.Event::status).containsExactly("queued", "sending", "sent", "delivered");
        assertThat(m.events().get(3).at()).isAfter(m.events().get(0).at());
    }

    @Test
    void pacesEachSenderToItsThroughput() {
        for (int i = 0; i < 40; i++) {
            send("+1415555" + String.format("%04d", 2000 + i), null);
        }
        int total = 0;
        for (int step = 0; step <= 60; step++) {
            total += app.sms().dispatchOnce();
            double elapsed = step * 0.05;
            // a fresh sender holds one second of slots (10) like a full token bucket, then exactly 10/s
            assertThat(total).as("submitted by %.2f s", elapsed).isLessThanOrEqualTo(10 + (int) (10 * elapsed + 1e-9));
            clock.advanceMillis(50);
        }
        assertThat(total).isEqualTo(40);
        assertThat(app.sms().dispatchOnce()).isZero();
        assertThat(submissions()).isEqualTo(40);
    }

    @Test
    void carrierFailuresEndTheMessage() {
        String undelivered = send("+14155550199", null);
        String refused = send("+14155550198", null);
        clock.advanceMillis(1000);
        app.sms().dispatchOnce();
        clock.advanceMillis(1000);
        report();
        report();
        Message u = get(undelivered);
        assertThat(u.status()).isEqualTo("undelivered");
        assertThat(u.errorCode()).isEqualTo("30003");
        Message f = get(refused);
        assertThat(f.status()).isEqualTo("failed");
        assertThat(f.errorCode()).isEqualTo("21610");
    }

    @Test
    void scheduledMessageWaitsThenSendsAndCanBeCanceledOnlyBefore() {
        String later = send("+14155550123", "2026-11-27T11:00:00Z");
        String canceled = send("+14155550124", "2026-11-27T11:00:00Z");
        assertThat(get(later).status()).isEqualTo("scheduled");
        assertThat(app.sms().dispatchOnce()).isZero();

        assertThat(app.sms().service().cancel(project, canceled).status()).isEqualTo("canceled");
        assertThatThrownBy(() -> app.sms().service().cancel(project, canceled))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("not_cancelable");

        clock.advance(Duration.ofHours(1));
        assertThat(app.sms().dispatchOnce()).isEqualTo(1);
        assertThat(get(later).events()).extracting(Message.Event::status)
                .containsExactly("scheduled", "queued", "sending");
        assertThat(get(canceled).status()).isEqualTo("canceled");
        assertThatThrownBy(() -> app.sms().service().cancel(project, later))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("not_cancelable");
    }

    @Test
    void throughputRefusalRequeuesWithoutLosingTheMessage() {
        var carrier = app.carrier();
        for (int i = 0; i < 10; i++) { // someone else drains this sender's carrier allowance
            carrier.submitSms(new OutboundSms("msg_other" + i, sender, "+14155550111", "x", 1, "local"));
        }
        String id = send("+14155550123", null);
        app.sms().dispatchOnce();
        Message m = get(id);
        assertThat(m.status()).isEqualTo("queued");
        assertThat(m.events()).extracting(Message.Event::status).containsExactly("queued", "sending", "queued");
        clock.advanceMillis(2000);
        app.sms().dispatchOnce();
        assertThat(get(id).status()).isEqualTo("sending");
    }

    @Test
    void aMessageClaimedByADeadInstanceIsTakenOverAndSentOnce() {
        String id = send("+14155550123", null);
        // another instance claimed it and handed it to the carrier, then died before recording anything
        Database.update(app.database().exec(), "UPDATE sms_messages SET status = 'sending', lease_owner = 'dead',"
                + " lease_until = ? WHERE id = ?", clock.millis() + 30_000, id);
        app.carrier().submitSms(new OutboundSms(id, sender, "+14155550123", "hello", 1, "local"));
        assertThat(app.sms().dispatchOnce()).as("lease still valid").isZero();

        clock.advance(Duration.ofSeconds(31));
        assertThat(app.sms().dispatchOnce()).isEqualTo(1);
        assertThat(submissions()).as("the carrier deduplicated the re-submit").isEqualTo(1);
        report();
        report();
        Message m = get(id);
        assertThat(m.status()).isEqualTo("delivered");
        // (an unregistered US number under the default a2p warn mode: its A2P warning follows on the same entry)
        assertThat(m.events()).extracting(Message.Event::detail)
                .anyMatch(d -> d != null && d.startsWith("taken over after an expired lease"));
    }

    @Test
    void scheduledMessagesSurviveARestartAndFireExactlyOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(send("+1415555" + (3000 + i), "2026-11-27T10:05:00Z"));
        }
        engines.stop(app);
        app = start(); // same database, new instance

        clock.advance(Duration.ofMinutes(6));
        for (int i = 0; i < 5; i++) {
            app.sms().dispatchOnce();
            clock.advanceMillis(1000);
            report();
        }
        report();
        for (String id : ids) {
            Message m = get(id);
            assertThat(m.status()).isEqualTo("delivered");
            assertThat(m.events()).extracting(Message.Event::status).containsOnlyOnce("sending");
        }
        assertThat(submissions()).isEqualTo(5);
    }

    @Test
    void twoInstancesOnOneDatabaseNeverClaimTheSameMessage() throws Exception {
        App second = start();
        for (int i = 0; i < 40; i++) {
            send("+1415555" + (4000 + i), null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                clock.advanceMillis(1000);
                List<Future<Integer>> f = pool.invokeAll(List.<Callable<Integer>>of(app.sms()::dispatchOnce,
                        second.sms()::dispatchOnce));
                for (Future<Integer> x : f) {
                    x.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(submissions()).isEqualTo(40);
        List<Long> attempts = Database.list(app.database().exec(), "SELECT attempts FROM sms_messages"
                + " WHERE project_id = ?", r -> Database.lng(r, "attempts"), project);
        assertThat(attempts).hasSize(40).containsOnly(1L);
    }

    @Test
    void aStatusWriteThatKeepsFailingEndsTheMessageFailedWithInternalErrorInOneLogLineEach() {
        String id = send("+14155550123", null);
        // the database refuses the dispatcher's write, as it refused the too long 'recipient_opted_out' once
        Database.update(app.database().exec(), "ALTER TABLE sms_messages ADD CONSTRAINT refuse_opt_out"
                + " CHECK (error_code IS NULL OR error_code <> 'recipient_opted_out')");
        Database.update(app.database().exec(), "INSERT INTO sms_opt_outs (project_id, e164, created_at)"
                + " VALUES (?, ?, ?)", project, "+14155550123", clock.millis());
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(Dispatcher.class.getName());
        log.addHandler(capture);
        try {
            for (int attempt = 1; attempt <= Dispatcher.MAX_OWN_FAILURES; attempt++) {
                assertThat(get(id).status()).as("before attempt %d", attempt).isIn("queued", "sending");
                app.sms().dispatchOnce();
                clock.advance(settings.sms().lease().plusSeconds(1));
            }
        } finally {
            log.removeHandler(capture);
        }
        Message m = get(id);
        assertThat(m.status()).isEqualTo("failed");
        assertThat(m.errorCode()).isEqualTo("internal_error");
        assertThat(app.sms().dispatchOnce()).as("never taken again").isZero();
        assertThat(logged).hasSize(Dispatcher.MAX_OWN_FAILURES)
                .allSatisfy(r -> assertThat(r.getThrown()).as("no stack trace").isNull())
                .allSatisfy(r -> assertThat(r.getMessage()).contains(id).doesNotContain("\n"));
        assertThat(logged.getLast().getMessage()).contains("internal_error");
    }
}
