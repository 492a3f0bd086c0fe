package dev.cantila.engine.sms;

import dev.cantila.engine.config.Settings.SmsSettings;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Worker;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.CarrierException;
import dev.cantila.engine.telephony.TelephonyProvider;
import dev.cantila.engine.telephony.TelephonyProvider.OutboundSms;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes due messages from the database and hands them to the carrier, paced per sending number.
 *
 * <p>Work is claimed, never held in memory only: in one transaction per sender it locks the sender's pacing row
 * ({@code sms_senders}), takes as many due messages as the sender's rate allows since its next free slot
 * ({@code FOR UPDATE SKIP LOCKED}), moves them to {@code sending} with a lease, and advances the slot. Several
 * engine instances on one PostgreSQL thus never take the same message and together keep each sender's rate.
 * A message whose lease ran out while {@code sending} (its instance died) is taken again; the carrier
 * deduplicates by message id, so it is not sent twice.
 *
 * <p>Threading: one dispatcher thread; {@link #wake()} may be called from any thread; {@link #runOnce()} is also
 * called directly by tests under a fake clock.
 */
final class Dispatcher implements AutoCloseable {
    private static final int MAX_CLAIM = 200;
    private static final String DUE = "((status IN ('queued', 'scheduled') AND due_at <= ?)"
            + " OR (status = 'sending' AND lease_until IS NOT NULL AND lease_until < ?))";

    private final Database db;
    private final Clock clock;
    private final MessageStore store;
    private final TelephonyProvider carrier;
    private final SmsSettings settings;
    private final int burst;
    private final String owner = new Ids(Clock.systemUTC()).next("inst");
    private final Map<String, String> senderTypes = new ConcurrentHashMap<>();
    private final Worker worker;
    private volatile boolean sawFullClaim;

    Dispatcher(Database db, Clock clock, MessageStore store, TelephonyProvider carrier, SmsSettings settings,
               int burst) {
        this.db = db;
        this.clock = clock;
        this.store = store;
        this.carrier = carrier;
        this.settings = settings;
        this.burst = burst;
        // when a pass hit MAX_CLAIM for some sender, more is due now: go again at once
        this.worker = new Worker("sms-dispatcher", settings.poll(), () -> runOnce() > 0 && sawFullClaim);
    }

    void wake() {
        worker.wake();
    }

    void start() {
        worker.start();
    }

    /** Claims and submits everything due now, within each sender's rate. Returns how many were submitted. */
    int runOnce() {
        long now = clock.millis();
        List<String> senders = Database.list(db.exec(), "SELECT DISTINCT from_e164 FROM sms_messages WHERE " + DUE,
                r -> Database.str(r, "from_e164"), now, now);
        int submitted = 0;
        sawFullClaim = false;
        for (String sender : senders) {
            List<DbRow> claimed = claim(sender, now);
            sawFullClaim |= claimed.size() == MAX_CLAIM;
            for (DbRow row : claimed) {
                submit(row);
                submitted++;
            }
        }
        return submitted;
    }

    private List<DbRow> claim(String sender, long now) {
        String type = senderTypes.computeIfAbsent(sender, e -> Database.one(db.exec(),
                "SELECT number_type FROM numbers WHERE e164 = ?", r -> Database.str(r, "number_type"), e).orElse("local"));
        long intervalUs = Math.max(1, Math.round(1_000_000 / settings.throughput(type)));
        long nowUs = now * 1000;
        // a new sender starts like a full token bucket: it may send `burst` + 1 at once
        Database.update(db.exec(), "INSERT INTO sms_senders (e164, next_slot_us) VALUES (?, 0) ON CONFLICT DO NOTHING",
                sender);
        return db.inTx(tx -> {
            long next = Database.one(tx, "SELECT next_slot_us FROM sms_senders WHERE e164 = ? FOR UPDATE",
                    r -> Database.lng(r, "next_slot_us"), sender).orElse(nowUs);
            // a sender idle for a while may catch up by at most `burst` messages, never more
            long base = Math.max(next, nowUs - burst * intervalUs);
            if (base > nowUs) {
                return List.<DbRow>of();
            }
            int allowed = (int) Math.min(MAX_CLAIM, (nowUs - base) / intervalUs + 1);
            List<DbRow> rows = Database.list(tx, "SELECT id, project_id, status, from_e164, to_e164, body, segments"
                    + " FROM sms_messages WHERE from_e164 = ? AND " + DUE + " ORDER BY due_at, id LIMIT ?"
                    + " FOR UPDATE SKIP LOCKED", r -> r, sender, now, now, allowed);
            long leaseUntil = now + settings.lease().toMillis();
            for (DbRow r : rows) {
                String id = Database.str(r, "id");
                MessageStatus from = MessageStatus.fromWire(Database.str(r, "status"));
                if (from == MessageStatus.SCHEDULED) {
                    from.requireMove(MessageStatus.QUEUED, id);
                    store.event(tx, id, MessageStatus.QUEUED, now, "scheduled time reached");
                    from = MessageStatus.QUEUED;
                }
                if (from == MessageStatus.QUEUED) {
                    from.requireMove(MessageStatus.SENDING, id);
                }
                Database.update(tx, "UPDATE sms_messages SET status = 'sending', lease_owner = ?, lease_until = ?,"
                        + " attempts = attempts + 1, updated_at = ? WHERE id = ?", owner, leaseUntil, now, id);
                store.event(tx, id, MessageStatus.SENDING, now,
                        from == MessageStatus.SENDING ? "taken over after an expired lease" : null);
            }
            if (!rows.isEmpty()) {
                Database.update(tx, "UPDATE sms_senders SET next_slot_us = ? WHERE e164 = ?",
                        base + rows.size() * intervalUs, sender);
            }
            return rows;
        });
    }

    private void submit(DbRow row) {
        String id = Database.str(row, "id");
        String to = Database.str(row, "to_e164");
        String from = Database.str(row, "from_e164");
        if (Database.one(db.exec(), "SELECT 1 AS x FROM sms_opt_outs WHERE project_id = ? AND e164 = ?", r -> true,
                Database.str(row, "project_id"), to).isPresent()) {
            store.move(id, MessageStatus.SENDING, MessageStatus.FAILED, "recipient_opted_out",
                    to + " opted out before the message was sent", null);
            return;
        }
        try {
            var receipt = carrier.submitSms(new OutboundSms(id, from, to, Database.str(row, "body"),
                    Database.integer(row, "segments"), senderTypes.getOrDefault(from, "local")));
            // not conditional on status: the carrier's "sent" report may already have moved the message on
            Database.update(db.exec(), "UPDATE sms_messages SET carrier_id = ?, lease_owner = NULL, lease_until = NULL"
                    + " WHERE id = ?", receipt.carrierId(), id);
        } catch (CarrierException e) {
            if (e.retryable()) {
                requeue(id, from, e);
            } else {
                store.move(id, MessageStatus.SENDING, MessageStatus.FAILED, e.code(), e.getMessage(), "carrier refused");
            }
        }
    }

    private void requeue(String id, String sender, CarrierException e) {
        long now = clock.millis();
        long retryAt = now + Math.max(1, e.retryAfterMillis());
        db.inTx(tx -> {
            long n = Database.update(tx, "UPDATE sms_messages SET status = 'queued', due_at = ?, lease_owner = NULL,"
                    + " lease_until = NULL, updated_at = ? WHERE id = ? AND status = 'sending'", retryAt, now, id);
            if (n == 1) {
                store.event(tx, id, MessageStatus.QUEUED, now, "carrier: " + e.getMessage() + "; retry in "
                        + (retryAt - now) + " ms");
            }
            Database.update(tx, "UPDATE sms_senders SET next_slot_us = ? WHERE e164 = ? AND next_slot_us < ?",
                    retryAt * 1000, sender, retryAt * 1000);
            return null;
        });
    }

    /** Applies a carrier status report. Reports for a message already past that state are ignored. */
    void onCarrierStatus(String id, String status, String errorCode, String detail) {
        MessageStatus target = MessageStatus.fromWire(status);
        if (target == MessageStatus.SENT) {
            store.move(id, MessageStatus.SENDING, MessageStatus.SENT, null, null, null);
            return;
        }
        if (!store.move(id, MessageStatus.SENT, target, errorCode, detail, detail)
                && store.status(id) == MessageStatus.SENDING) {
            // the "sent" report was lost (e.g. a crash between the two): the receipt implies it
            store.move(id, MessageStatus.SENDING, MessageStatus.SENT, null, null, "implied by the delivery receipt");
            store.move(id, MessageStatus.SENT, target, errorCode, detail, detail);
        }
    }

    @Override
    public void close() {
        worker.close();
    }
}
