package dev.cantila.engine.sms;

import dev.cantila.engine.App;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bulk accept's {@code accepting} state on the real database (H2, and PostgreSQL in CI), under a fake clock
 * with no background worker: the dispatcher takes nothing of a batch until its one move to {@code sending}, and a
 * batch a dead engine left {@code accepting} is failed at the next start (or once its lease ran out), its messages
 * gone and none of them sent.
 */
class BulkAcceptIT {
    private SmsEngines engines;
    private MutableClock clock;
    private Settings settings;
    private App app;
    private String project;
    private String sender;

    @BeforeEach
    void setUp() {
        engines = new SmsEngines("2026-12-03T10:00:00Z", Map.of("cantila.sms.throughput.local", "1000"), "bulk-accept");
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

    /** Begins batch {@code id} and stores {@code n} of its messages in one chunk, as an accept in progress does. */
    private BulkAccept halfAccepted(String id, int n) {
        BulkAccept accept = app.sms().bulkAccept();
        List<MessageStore.NewMessage> messages = IntStream.range(0, n).mapToObj(i -> new MessageStore.NewMessage(
                id + "_m" + i, project, sender, "+1415555" + (4000 + i), "hello", "GSM-7", 1, MessageStatus.QUEUED, null,
                id, i, null, null, clock.millis())).toList();
        accept.begin(new BulkAccept.NewBatch(id, project, sender, null, "hello", n + 1, n + 1, List.of()));
        accept.chunk(id, messages);
        return accept;
    }

    private long messagesOf(String batchId) {
        return Database.one(app.database().exec(), "SELECT COUNT(*) AS n FROM sms_messages WHERE batch_id = ?",
                r -> Database.lng(r, "n"), batchId).orElseThrow();
    }

    private long submittedOf(String batchId) {
        return Database.one(app.database().exec(), "SELECT COUNT(*) AS n FROM sim_carrier_submissions s JOIN"
                + " sms_messages m ON m.id = s.message_id WHERE m.batch_id = ?", r -> Database.lng(r, "n"), batchId)
                .orElseThrow();
    }

    @Test
    void theDispatcherTakesNothingOfAnAcceptingBatchAndAllOfItOncePublished() {
        BulkAccept accept = halfAccepted("bulk_t1", 3);
        String other = app.projects().create("other", null).id();
        SmsFixtures.activate(app, other);
        String elsewhere = app.sms().service().send(other, new SmsService.SendRequest("+14155559998", "other sender",
                null, Map.of(), null, null, null), null).message().id();
        String sameSender = app.sms().service().send(project, new SmsService.SendRequest("+14155559999", "single",
                null, Map.of(), null, null, null), null).message().id();

        assertThat(app.sms().dispatchOnce()).as("another sender's message, nothing of the batch's sender")
                .isEqualTo(1);
        assertThat(app.sms().service().get(other, elsewhere).status()).isEqualTo("sending");
        assertThat(app.sms().service().get(project, sameSender).status()).as("waits for the accept").isEqualTo("queued");
        assertThat(submittedOf("bulk_t1")).isZero();
        assertThat(app.sms().bulk().get(project, "bulk_t1").status()).isEqualTo("accepting");

        accept.chunk("bulk_t1", List.of(new MessageStore.NewMessage("bulk_t1_last", project, sender, "+14155554999",
                "hello", "GSM-7", 1, MessageStatus.QUEUED, null, "bulk_t1", 3, null, null, clock.millis())));
        assertThat(app.sms().dispatchOnce()).isZero();
        accept.publish("bulk_t1", true);

        assertThat(app.sms().dispatchOnce()).isEqualTo(5);
        assertThat(submittedOf("bulk_t1")).isEqualTo(4);
        assertThat(app.sms().service().get(project, sameSender).status()).isEqualTo("sending");
        assertThat(app.sms().bulk().get(project, "bulk_t1").status()).isEqualTo("sending");
    }

    @Test
    void aBatchLeftAcceptingByADeadEngineIsFailedAtTheNextStartAndNothingOfItIsSent() {
        halfAccepted("bulk_t2", 5);
        engines.stop(app); // the engine dies mid-accept: the batch row and one chunk committed, never published
        clock.advance(settings.sms().lease().plusSeconds(1)); // on PostgreSQL another instance could still own it
        app = start();

        BulkSends.Batch b = app.sms().bulk().get(project, "bulk_t2");
        assertThat(b.status()).isEqualTo("failed");
        assertThat(b.failureReason()).contains("stopped while accepting");
        assertThat(b.finishedAt()).isNotNull();
        assertThat(messagesOf("bulk_t2")).isZero();
        assertThat(app.sms().dispatchOnce()).isZero();
        assertThat(submittedOf("bulk_t2")).isZero();
    }

    @Test
    void anAcceptWhoseLeaseRanOutIsFailedByTheSweepAndCannotPublishAfterwards() {
        BulkAccept accept = halfAccepted("bulk_t3", 2);
        app.sms().dispatchOnce(); // a sweep within the lease leaves it alone
        assertThat(app.sms().bulk().get(project, "bulk_t3").status()).isEqualTo("accepting");

        clock.advance(settings.sms().lease().plusSeconds(1));
        app.sms().dispatchOnce(); // the lease sweep: the accept is presumed dead

        assertThat(app.sms().bulk().get(project, "bulk_t3").status()).isEqualTo("failed");
        assertThat(messagesOf("bulk_t3")).isZero();
        assertThatThrownBy(() -> accept.chunk("bulk_t3", List.of())).isInstanceOf(BulkAccept.BatchLost.class);
        assertThatThrownBy(() -> accept.publish("bulk_t3", true)).isInstanceOf(BulkAccept.BatchLost.class)
                .hasMessageContaining("bulk_t3");
        assertThat(messagesOf("bulk_t3")).isZero();
        assertThat(submittedOf("bulk_t3")).isZero();
    }
}
