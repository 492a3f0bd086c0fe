package dev.cantila.engine.sms;

import dev.cantila.engine.config.Settings.SmsSettings;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Worker;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.CarrierException;
import dev.cantila.engine.telephony.SmsErrorCodes;
import dev.cantila.engine.telephony.TelephonyProvider;
import dev.cantila.engine.telephony.TelephonyProvider.OutboundSms;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

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
    /** How often the dispatcher's own handling of one message may fail before the message ends as failed. */
    static final int MAX_OWN_FAILURES = 3;
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    private static final int MAX_CLAIM = 200;
    // Each claim condition is one index range of sms_messages_claim (from_e164, status, due_at, id); an OR or an IN
    // would make H2 scan and sort the sender's whole backlog.
    private static final List<String> CLAIMABLE = List.of(
            "status = 'sending' AND lease_until IS NOT NULL AND lease_until < ?", // abandoned by a dead instance
            "status = 'queued' AND due_at <= ?",
            "status = 'scheduled' AND due_at <= ?");

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
    private volatile SendPolicy policy = SendPolicy.NONE;
    /**
     * When to look for abandoned leases next: at most every half lease. That query reads every message of a sender
     * that is {@code sending} (awaiting its carrier report), which under load was the dispatcher's main cost, while a
     * lease can only have run out a whole lease period after it was taken.
     */
    private volatile long nextLeaseSweep;
    /** Run with the lease sweep: fails bulk batches whose accept died ({@link BulkAccept#recover}). */
    private volatile Runnable sweep = () -> { };
    /** Opens {@code sms_messages.sealed_body} (a one-time code's real text) for the carrier; identity until set. */
    private volatile java.util.function.UnaryOperator<String> opener = s -> null;

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

    void openSealedWith(java.util.function.UnaryOperator<String> opener) {
        this.opener = opener;
    }

    /** The registry consulted for shared rates and for each message before the carrier (set once at wiring). */
    void govern(SendPolicy policy) {
        this.policy = policy;
    }

    void sweepWith(Runnable sweep) {
        this.sweep = sweep;
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
        // senders whose next slot has come; a sender without due work costs three index probes
        // longest-waiting first: senders sharing a bucket (an A2P brand's numbers) thus take turns at its slots
        // Senders with a bulk batch still accepting wait for it (a few seconds; a dead accept is failed by the sweep):
        // its committed chunks head the sender's claim range and the claim, which must skip them
        // (BulkAccept.NOT_ACCEPTING), would read them all on every pass, competing with the accept it waits for.
        // The claim's own filter still covers a batch that begins after this query.
        List<String> senders = Database.list(db.exec(), "SELECT e164 FROM sms_senders s WHERE next_slot_us <= ?"
                + " AND NOT EXISTS (SELECT 1 FROM sms_batches b WHERE b.status = 'accepting' AND b.from_e164 = s.e164)"
                + " ORDER BY next_slot_us, e164", r -> Database.str(r, "e164"), now * 1000);
        int submitted = 0;
        sawFullClaim = false;
        boolean sweep = now >= nextLeaseSweep;
        List<String> conditions = sweep ? CLAIMABLE : CLAIMABLE.subList(1, CLAIMABLE.size());
        for (String sender : senders) {
            List<DbRow> claimed = claim(sender, now, conditions);
            sawFullClaim |= claimed.size() == MAX_CLAIM;
            for (DbRow row : claimed) {
                submit(row);
                submitted++;
            }
        }
        if (sweep) {
            nextLeaseSweep = now + settings.lease().toMillis() / 2;
            this.sweep.run();
        }
        return submitted;
    }

    private List<DbRow> claim(String sender, long now, List<String> conditions) {
        String type = senderTypes.computeIfAbsent(sender, e -> Database.one(db.exec(),
                "SELECT number_type FROM numbers WHERE e164 = ?", r -> Database.str(r, "number_type"), e).orElse("local"));
        // a registered sender draws from its brand's bucket, shared with the brand's other numbers, instead of its own
        SendPolicy.SharedRate shared = policy.sharedRate(sender).orElse(null);
        double rate = shared == null ? settings.throughput(type) : shared.perSecond();
        if (shared != null) {
            Database.update(db.exec(), "INSERT INTO a2p_rate_buckets (bucket, next_slot_us) VALUES (?, 0)"
                    + " ON CONFLICT DO NOTHING", shared.bucket());
        }
        long intervalUs = Math.max(1, Math.round(1_000_000 / rate));
        long nowUs = now * 1000;
        return db.inTx(tx -> {
            // the sender's row first, then the bucket's: one lock order for every claimer
            long own = Database.one(tx, "SELECT next_slot_us FROM sms_senders WHERE e164 = ? FOR UPDATE",
                    r -> Database.lng(r, "next_slot_us"), sender).orElse(nowUs);
            long next = shared == null ? own : Database.one(tx, "SELECT next_slot_us FROM a2p_rate_buckets"
                    + " WHERE bucket = ? FOR UPDATE", r -> Database.lng(r, "next_slot_us"), shared.bucket()).orElse(nowUs);
            // Token-bucket semantics, the carrier's own: a sender holds at most `capacity` unused slots (one second's
            // worth, at least `burst`), so an idle sender may send that many at once and a sender that fell behind
            // (a slow pass) catches up by as many, but never beyond its rate over time.
            long capacity = Math.max(burst, (long) Math.ceil(rate));
            long base = Math.max(next, nowUs - (capacity - 1) * intervalUs);
            if (base > nowUs) {
                return List.<DbRow>of();
            }
            int allowed = (int) Math.min(Math.min(MAX_CLAIM, capacity), (nowUs - base) / intervalUs + 1);
            List<DbRow> rows = new java.util.ArrayList<>();
            for (String condition : conditions) {
                if (rows.size() < allowed) {
                    rows.addAll(claimable(tx, sender, condition, now, allowed - rows.size()));
                }
            }
            long leaseUntil = now + settings.lease().toMillis();
            List<DbRow> claimed = new java.util.ArrayList<>(rows.size());
            for (DbRow r : rows) {
                String id = Database.str(r, "id");
                MessageStatus from = MessageStatus.fromWire(Database.str(r, "status"));
                if (from == MessageStatus.SCHEDULED) {
                    from.requireMove(MessageStatus.QUEUED, id);
                    MessageStatus.QUEUED.requireMove(MessageStatus.SENDING, id);
                } else if (from == MessageStatus.QUEUED) {
                    from.requireMove(MessageStatus.SENDING, id);
                }
                if (Database.update(tx, "UPDATE sms_messages SET status = 'sending', lease_owner = ?, lease_until = ?,"
                        + " attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = ?", owner, leaseUntil, now,
                        id, from.wire()) == 0) {
                    continue; // canceled meanwhile
                }
                claimed.add(r);
                if (from == MessageStatus.SCHEDULED) {
                    store.event(tx, id, MessageStatus.QUEUED, now, "scheduled time reached");
                }
                store.event(tx, id, MessageStatus.SENDING, now,
                        from == MessageStatus.SENDING ? "taken over after an expired lease" : null);
            }
            if (!claimed.isEmpty()) {
                if (shared == null) {
                    Database.update(tx, "UPDATE sms_senders SET next_slot_us = ? WHERE e164 = ?",
                            base + claimed.size() * intervalUs, sender);
                } else {
                    Database.update(tx, "UPDATE a2p_rate_buckets SET next_slot_us = ? WHERE bucket = ?",
                            base + claimed.size() * intervalUs, shared.bucket());
                    // not a slot (the bucket paces), but when this sender was last served: it goes last next time
                    Database.update(tx, "UPDATE sms_senders SET next_slot_us = ? WHERE e164 = ?", nowUs, sender);
                }
            }
            return claimed;
        });
    }

    /**
     * Never a message of a bulk batch still {@code accepting} ({@link BulkAccept#NOT_ACCEPTING}): its chunks commit
     * one by one and only the batch's move to {@code sending} makes them claimable.
     *
     * <p>On PostgreSQL the candidate rows are locked ({@code FOR UPDATE SKIP LOCKED}: a bulk cancel holding some of them
     * does not block the dispatcher). Embedded H2 serves one engine instance, and H2 locks every row the query
     * visits rather than the ones it returns, so there the lock on the sender's row (taken first, in the same
     * transaction) serialises claimers, and the status compare-and-set in the update settles a race with a cancel.
     */
    private List<DbRow> claimable(io.helidon.dbclient.DbExecute tx, String sender, String condition, long now,
                                  int limit) {
        return Database.list(tx, "SELECT id, project_id, status, from_e164, to_e164, body, sealed_body, segments,"
                + " keyword_reply FROM sms_messages"
                + " WHERE from_e164 = ? AND " + condition + " AND " + BulkAccept.NOT_ACCEPTING
                // the whole index order, though the first two are fixed: only then does H2 read the index in order
                // and stop at the limit instead of sorting the sender's whole backlog
                + " ORDER BY from_e164, status, due_at, id LIMIT ?"
                + (db.isPostgres() ? " FOR UPDATE SKIP LOCKED" : ""), r -> r, sender, now, limit);
    }

    private void submit(DbRow row) {
        String id = Database.str(row, "id");
        try {
            submitOrFail(row, id);
        } catch (RuntimeException e) {
            ownWriteFailed(id, e);
        }
    }

    private void submitOrFail(DbRow row, String id) {
        String to = Database.str(row, "to_e164");
        String from = Database.str(row, "from_e164");
        if (!Database.bool(row, "keyword_reply") && Database.one(db.exec(),
                "SELECT 1 AS x FROM sms_opt_outs WHERE project_id = ? AND e164 = ?", r -> true,
                Database.str(row, "project_id"), to).isPresent()) {
            store.move(id, MessageStatus.SENDING, MessageStatus.FAILED, SmsErrorCodes.RECIPIENT_OPTED_OUT,
                    to + " opted out before the message was sent", null);
            return;
        }
        if (!Database.bool(row, "keyword_reply") && !admitted(row, id, from, to)) {
            return;
        }
        try {
            String sealed = Database.str(row, "sealed_body");
            String opened = sealed == null ? null : opener.apply(sealed);
            var receipt = carrier.submitSms(new OutboundSms(id, from, to, opened != null ? opened : Database.str(row, "body"),
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

    /** Asks the registry; a refused message ends failed, a held one is queued again for later. */
    private boolean admitted(DbRow row, String id, String from, String to) {
        long now = clock.millis();
        switch (policy.admit(id, Database.str(row, "project_id"), from, to, now)) {
            case SendPolicy.Send send -> {
                if (send.warning() != null) {
                    String project = Database.str(row, "project_id");
                    String warning = "warning: " + (send.warning().length() > 300 ? send.warning().substring(0, 300)
                            + "..." : send.warning()); // the history's detail holds 400 characters
                    db.inJdbcTx(tx -> {
                        // on the message's "sending" entry (written by the claim), not as an entry of its own
                        Database.update(tx, "UPDATE sms_events SET detail = CASE WHEN detail IS NULL THEN ? ELSE"
                                + " detail || '; ' || ? END WHERE message_id = ? AND status = 'sending' AND seq ="
                                + " (SELECT MAX(seq) FROM sms_events WHERE message_id = ?)", warning, warning, id, id);
                        policy.warned(tx, id, project, from, to, send);
                        return null;
                    });
                }
                return true;
            }
            case SendPolicy.Fail fail -> {
                store.move(id, MessageStatus.SENDING, MessageStatus.FAILED, fail.code(), fail.message(), fail.message());
                return false;
            }
            case SendPolicy.Wait wait -> {
                requeue(id, from, wait.until(), wait.reason());
                return false;
            }
        }
    }

    /**
     * Something other than the carrier's answer failed while handling {@code id} (a write of ours, most likely): the
     * message stays {@code sending} under its lease and is taken again when the lease runs out, at most
     * {@link #MAX_OWN_FAILURES} times in all (counted in the row, so across restarts); then it ends {@code failed}
     * with {@code internal_error}. One log line each time, without a stack trace.
     */
    private void ownWriteFailed(String id, RuntimeException e) {
        String cause = oneLine(e);
        try {
            int failures = db.inJdbcTx(tx -> {
                Database.update(tx, "UPDATE sms_messages SET dispatch_errors = dispatch_errors + 1 WHERE id = ?"
                        + " AND status = 'sending'", id);
                return Database.one(tx, "SELECT dispatch_errors FROM sms_messages WHERE id = ?",
                        r -> ((Number) r.apply("dispatch_errors")).intValue(), id).orElse(0);
            });
            if (failures < MAX_OWN_FAILURES) {
                LOG.warning("message " + id + ": dispatch attempt " + failures + " of " + MAX_OWN_FAILURES
                        + " failed, taken again when its lease runs out: " + cause);
                return;
            }
            store.move(id, MessageStatus.SENDING, MessageStatus.FAILED, SmsErrorCodes.INTERNAL_ERROR,
                    "the engine could not record this message's progress: " + cause, null);
            LOG.warning("message " + id + ": failed with " + SmsErrorCodes.INTERNAL_ERROR + " after "
                    + failures + " dispatch attempts: " + cause);
        } catch (RuntimeException again) {
            LOG.warning("message " + id + ": dispatch failed (" + cause + ") and so did recording that ("
                    + oneLine(again) + "); taken again when its lease runs out");
        }
    }

    /** The root cause's first line, short enough for {@code sms_messages.error_message} with its prefix. */
    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        text = text.lines().findFirst().orElse("").strip();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private void requeue(String id, String sender, CarrierException e) {
        long now = clock.millis();
        long retryAt = now + Math.max(1, e.retryAfterMillis());
        requeue(id, sender, retryAt, "carrier: " + e.getMessage() + "; retry in " + (retryAt - now) + " ms");
    }

    /** Back to {@code queued} until {@code retryAt}, and the sender with it (nothing of it is due before then). */
    private void requeue(String id, String sender, long retryAt, String detail) {
        long now = clock.millis();
        db.inTx(tx -> {
            long n = Database.update(tx, "UPDATE sms_messages SET status = 'queued', due_at = ?, lease_owner = NULL,"
                    + " lease_until = NULL, updated_at = ? WHERE id = ? AND status = 'sending'", retryAt, now, id);
            if (n == 1) {
                store.event(tx, id, MessageStatus.QUEUED, now, detail);
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
