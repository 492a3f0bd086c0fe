package dev.cantila.engine.sms;

import dev.cantila.engine.sms.BulkSends.Rejection;
import dev.cantila.engine.sms.MessageStore.NewMessage;
import dev.cantila.engine.storage.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * Stores a bulk batch without one huge transaction (a 100,000-row commit took H2 4.5 s): the batch row goes in as
 * {@code accepting} with its rejections, the messages follow in chunks of {@value #CHUNK}, each chunk its own commit,
 * and one compare-and-set {@code accepting → sending} ({@link #publish}) makes them all claimable at once. The API
 * answers only after that move committed, so an acknowledged batch is whole and durable.
 *
 * <p>The dispatcher never takes a message of an {@code accepting} batch: its claim carries {@link #NOT_ACCEPTING}.
 * So a crash mid-accept leaves committed chunks nobody sends. Every chunk renews the batch's lease
 * ({@code accept_until}) with a compare-and-set on {@code accepting}; a batch whose lease ran out belongs to a dead
 * accept and {@link #recover} fails it with a reason and deletes its messages, in one transaction. That
 * compare-and-set also orders a slow accept against a recovery: whichever moves the batch row first wins, the other
 * finds it no longer {@code accepting} (the accept then answers 503 and stores nothing more).
 *
 * <p>Threading: stateless apart from its collaborators; any thread, each call on its own connection.
 */
final class BulkAccept {
    static final int CHUNK = 5_000;
    /** The dispatcher's filter over {@code sms_messages}: no message of a batch still being accepted. */
    static final String NOT_ACCEPTING = "(batch_id IS NULL OR batch_id NOT IN"
            + " (SELECT id FROM sms_batches WHERE status = 'accepting'))";
    private static final Logger LOG = Logger.getLogger(BulkAccept.class.getName());
    private static final String INSERT_BATCH = "INSERT INTO sms_batches (id, project_id, from_e164, template_id, body,"
            + " total, accepted, rejected, status, created_at, accept_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_REJECTION = "INSERT INTO sms_batch_rejections (batch_id, idx, to_raw, code,"
            + " message) VALUES (?, ?, ?, ?, ?)";
    private static final String RENEW = "UPDATE sms_batches SET accept_until = ? WHERE id = ? AND status = 'accepting'";
    private static final String MOVE = "UPDATE sms_batches SET status = ?, accept_until = NULL, finished_at = ?,"
            + " failure_reason = ? WHERE id = ? AND status = 'accepting'";

    private final Database db;
    private final Clock clock;
    private final MessageStore store;
    private final Duration lease;

    BulkAccept(Database db, Clock clock, MessageStore store, Duration lease) {
        this.db = db;
        this.clock = clock;
        this.store = store;
        this.lease = lease;
    }

    /** What the batch row holds when it is created. */
    record NewBatch(String id, String projectId, String from, String templateId, String body, int total, int accepted,
                    List<Rejection> rejections) {
    }

    /**
     * Stores {@code batch} and {@code messages} and publishes the batch; returns when the batch is {@code sending}
     * (or {@code completed} when nothing was accepted), committed.
     *
     * @throws BatchLost when the batch stopped being {@code accepting} meanwhile (failed by a recovery)
     */
    void accept(NewBatch batch, List<NewMessage> messages) {
        try {
            begin(batch);
            for (int from = 0; from < messages.size(); from += CHUNK) {
                chunk(batch.id(), messages.subList(from, Math.min(messages.size(), from + CHUNK)));
            }
            publish(batch.id(), !messages.isEmpty());
        } catch (RuntimeException e) {
            if (!(e instanceof BatchLost)) {
                fail(batch.id(), "the accept failed: " + e.getClass().getSimpleName());
            }
            throw e;
        }
    }

    /**
     * The one move that makes the batch's messages claimable: {@code accepting → sending}, or {@code completed}
     * when nothing was accepted.
     *
     * @throws BatchLost when the batch is no longer {@code accepting}
     */
    void publish(String batchId, boolean anyAccepted) {
        BatchStatus to = anyAccepted ? BatchStatus.SENDING : BatchStatus.COMPLETED;
        BatchStatus.ACCEPTING.requireMove(to, batchId);
        if (db.inJdbcTx(c -> Database.update(c, MOVE, to.wire(), anyAccepted ? null : clock.millis(), null,
                batchId)) != 1) {
            throw new BatchLost(batchId);
        }
    }

    /** The batch was failed by {@link #recover} while this instance was still storing it. */
    static final class BatchLost extends IllegalStateException {
        BatchLost(String batchId) {
            super("bulk batch " + batchId + " stopped being accepting while it was stored (its accept lease ran out"
                    + " and it was failed)");
        }
    }

    /** The batch row, {@code accepting}, with its rejections and its sender enlisted: one transaction. */
    void begin(NewBatch b) {
        db.inJdbcTx(c -> {
            Database.update(c, INSERT_BATCH, b.id(), b.projectId(), b.from(), b.templateId(), b.body(), b.total(),
                    b.accepted(), b.rejections().size(), BatchStatus.ACCEPTING.wire(), clock.millis(), leaseEnd());
            store.enlistBulk(c, b.from());
            try (PreparedStatement ps = c.prepareStatement(INSERT_REJECTION)) {
                for (Rejection rj : b.rejections()) {
                    ps.setString(1, b.id());
                    ps.setInt(2, rj.index());
                    ps.setString(3, rj.to() == null ? null : truncate(rj.to(), 64));
                    ps.setString(4, rj.code());
                    ps.setString(5, truncate(rj.message(), 400));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** One chunk in one transaction; the lease renewal first, so a recovery that failed the batch stops it. */
    void chunk(String batchId, List<NewMessage> chunk) {
        db.inJdbcTx(c -> {
            if (Database.update(c, RENEW, leaseEnd(), batchId) != 1) {
                throw new BatchLost(batchId);
            }
            if (db.isPostgres()) {
                store.copyAll(c, chunk);
            } else {
                store.insertAll(c, chunk);
            }
            return null;
        });
    }

    private long leaseEnd() {
        return clock.millis() + lease.toMillis();
    }

    /**
     * Fails the {@code accepting} batches left by dead accepts and deletes their messages (never claimed, so no
     * history and no webhook events to undo): those whose lease ran out, or every one when {@code all} (at start-up
     * on embedded H2, which only this process opens). Returns how many were failed.
     */
    int recover(boolean all) {
        long now = clock.millis();
        List<String> stale = Database.list(db.exec(), "SELECT id FROM sms_batches WHERE status = 'accepting'"
                + (all ? "" : " AND accept_until < ?"), r -> Database.str(r, "id"), all ? new Object[0]
                : new Object[] {now});
        int failed = 0;
        for (String id : stale) {
            if (fail(id, "the engine stopped while accepting this batch; nothing of it was sent, send it again")) {
                failed++;
                LOG.warning("bulk batch " + id + ": failed at recovery, its accept did not finish (lease "
                        + (all ? "ignored at start-up" : "ran out") + ")");
            }
        }
        return failed;
    }

    /** {@code accepting → failed} with {@code reason}, and the batch's messages deleted; false if not accepting. */
    private boolean fail(String batchId, String reason) {
        BatchStatus.ACCEPTING.requireMove(BatchStatus.FAILED, batchId);
        try {
            return db.inJdbcTx(c -> {
                if (Database.update(c, MOVE, BatchStatus.FAILED.wire(), clock.millis(), reason, batchId) != 1) {
                    return false;
                }
                Database.update(c, "DELETE FROM sms_messages WHERE batch_id = ?", batchId);
                return true;
            });
        } catch (RuntimeException e) {
            LOG.warning("bulk batch " + batchId + ": could not be failed (" + e.getMessage() + "); recovery retries"
                    + " once its lease has run out");
            return false;
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
