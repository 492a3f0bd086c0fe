package dev.cantila.engine.telephony;

import dev.cantila.engine.config.Settings.CarrierSettings;
import dev.cantila.engine.core.Worker;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.time.Duration;

/**
 * The {@code stub} provider: a carrier simulated in-process, deterministic under an injected clock.
 *
 * <ul>
 *   <li>Accepts a message once per message id (the books' primary key decides; the carrier id follows from the
 *       message id, so a re-submit gets the same answer); its books ({@code sim_carrier_submissions}) live in the
 *       engine's database, so a restart neither loses an owed status report nor sends a re-submitted message
 *       twice.</li>
 *   <li>Reports {@code sent} after {@code sent-latency} and then {@code delivered} after {@code delivery-latency};
 *       destinations listed in {@code cantila.carrier.failures} are reported {@code undelivered} with their error
 *       code instead, except codes starting with {@code 21} (API-level refusals, as at real carriers), which are
 *       refused at submission and fail the message at once.</li>
 *   <li>Enforces a per-sender throughput: a token bucket per sending number, refilled at the configured rate for
 *       the number's type and holding {@code max(burst, rate)} tokens. A sender over its rate is refused with a
 *       retryable {@code throughput_exceeded}.</li>
 * </ul>
 */
public final class SimulatedCarrier implements TelephonyProvider {
    private static final int REPORT_BATCH = 500;

    private final Database db;
    private final Clock clock;
    private final CarrierSettings settings;
    private final ToDoubleFunction<String> ratePerType;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile SmsStatusListener listener;
    private volatile java.util.function.UnaryOperator<String> opener = s -> null;
    private final Worker reporter;

    public SimulatedCarrier(Database db, Clock clock, CarrierSettings settings, ToDoubleFunction<String> ratePerType) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.ratePerType = ratePerType;
        Duration poll = Duration.ofMillis(Math.max(5, Math.min(settings.sentLatency().toMillis(), 50)));
        this.reporter = new Worker("sim-carrier-reports", poll, () -> reportDue() >= REPORT_BATCH);
    }

    @Override
    public SmsSubmission submitSms(OutboundSms sms) {
        String failure = settings.failures().get(sms.to());
        if (failure != null && failure.startsWith("21")) {
            throw new CarrierException(failure, "carrier refused destination " + sms.to(), false, 0);
        }
        long now = clock.millis();
        double rate = ratePerType.applyAsDouble(sms.senderType());
        Bucket bucket = buckets.computeIfAbsent(sms.from(), k -> new Bucket(Math.max(settings.burst(), Math.ceil(rate)),
                now));
        long wait = bucket.take(rate, now);
        if (wait > 0) {
            throw new CarrierException(SmsErrorCodes.THROUGHPUT_EXCEEDED, "sender " + sms.from() + " is over " + rate
                    + " messages/s", true, wait);
        }
        String carrierId = "SIM" + sms.messageId().substring(sms.messageId().indexOf('_') + 1);
        long sentAt = now + settings.sentLatency().toMillis();
        try {
            Database.update(db.exec(), "INSERT INTO sim_carrier_submissions (message_id, carrier_id, from_e164, to_e164,"
                            + " segments, outcome, error_code, accepted_at, sent_due_at, dlr_due_at, reported)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'none')",
                    sms.messageId(), carrierId, sms.from(), sms.to(), sms.segments(),
                    failure == null ? "delivered" : "undelivered", failure, now, sentAt,
                    sentAt + settings.deliveryLatency().toMillis());
        } catch (RuntimeException e) {
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
            // accepted before (a re-submit after a crash, or a concurrent one): it is one send, with the same id
        }
        return new SmsSubmission(carrierId);
    }

    /**
     * How a sealed message text (a one-time code's, see {@code SmsService.queueSealed}) is opened: the handset shows
     * what the network delivered, the real text, while the database keeps the redacted one. Set at wiring time.
     */
    public void openSealedWith(java.util.function.UnaryOperator<String> opener) {
        this.opener = opener;
    }

    /** One message as the simulated network handed it to a handset. */
    public record HandsetMessage(String messageId, String carrierId, String from, String body, int segments,
                                 String outcome, long acceptedAt) {
    }

    /**
     * What the handset {@code e164} received, oldest first: one entry per message the carrier accepted for it
     * (a message accepted twice, e.g. re-submitted after a crash, is one entry: the carrier keys on its id).
     * Read from the carrier's own table, so it survives restarts.
     */
    public List<HandsetMessage> handset(String e164) {
        return handset(e164, null);
    }

    /** As {@link #handset(String)}, only the messages project {@code projectId} sent (all when it is null). */
    public List<HandsetMessage> handset(String e164, String projectId) {
        return Database.list(db.exec(), "SELECT s.message_id, s.carrier_id, s.from_e164, m.body, m.sealed_body,"
                        + " s.segments, s.outcome, s.accepted_at FROM sim_carrier_submissions s"
                        + " LEFT JOIN sms_messages m ON m.id = s.message_id WHERE s.to_e164 = ?"
                        + (projectId == null ? "" : " AND m.project_id = ?")
                        + " ORDER BY s.accepted_at, s.message_id",
                r -> new HandsetMessage(Database.str(r, "message_id"), Database.str(r, "carrier_id"),
                        Database.str(r, "from_e164"), shown(Database.str(r, "body"), Database.str(r, "sealed_body")),
                        Database.integer(r, "segments"), Database.str(r, "outcome"), Database.lng(r, "accepted_at")),
                projectId == null ? new Object[] {e164} : new Object[] {e164, projectId});
    }

    private String shown(String body, String sealed) {
        String opened = sealed == null ? null : opener.apply(sealed);
        return opened != null ? opened : body;
    }

    @Override
    public void listen(SmsStatusListener listener) {
        this.listener = listener;
    }

    @Override
    public void start() {
        reporter.start();
    }

    /**
     * Reports every status that is due by the clock: {@code sent} first, then final receipts. Returns how many
     * reports it made. The reporter thread calls this; tests under a fake clock call it directly.
     */
    public int reportDue() {
        SmsStatusListener l = listener;
        if (l == null) {
            return 0;
        }
        long now = clock.millis();
        List<DbRow> sent = Database.list(db.exec(), "SELECT message_id FROM sim_carrier_submissions"
                + " WHERE reported = 'none' AND sent_due_at <= ? ORDER BY sent_due_at LIMIT " + REPORT_BATCH, r -> r, now);
        report(sent, "sent", r -> l.onSmsStatus(Database.str(r, "message_id"), "sent", null, null));
        List<DbRow> receipts = Database.list(db.exec(), "SELECT message_id, outcome, error_code FROM sim_carrier_submissions"
                + " WHERE reported = 'sent' AND dlr_due_at <= ? ORDER BY dlr_due_at LIMIT " + REPORT_BATCH, r -> r, now);
        report(receipts, "final", r -> {
            String code = Database.str(r, "error_code");
            l.onSmsStatus(Database.str(r, "message_id"), Database.str(r, "outcome"), code,
                    code == null ? null : "carrier error " + code);
        });
        return sent.size() + receipts.size();
    }

    /**
     * Makes the reports in order and then books them as made, all in one statement (also when a report failed:
     * those before it were made). A report made but not booked (a crash in between) is made again later, which the
     * engine ignores: its status moves are compare-and-set.
     */
    private void report(List<DbRow> due, String booked, java.util.function.Consumer<DbRow> report) {
        List<Object> made = new java.util.ArrayList<>(due.size() + 1);
        made.add(booked);
        try {
            for (DbRow r : due) {
                report.accept(r);
                made.add(Database.str(r, "message_id"));
            }
        } finally {
            if (made.size() > 1) {
                Database.update(db.exec(), "UPDATE sim_carrier_submissions SET reported = ? WHERE message_id IN ("
                        + Database.placeholders(made.size() - 1) + ")", made.toArray());
            }
        }
    }

    @Override
    public void close() {
        reporter.close();
    }

    /** A token bucket; {@link #take} answers 0 when a token was taken, else the millis until one is free. */
    private static final class Bucket {
        private final double capacity;
        private double tokens;
        private long at;

        Bucket(double capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.at = now;
        }

        synchronized long take(double ratePerSecond, long now) {
            tokens = Math.min(capacity, tokens + (now - at) * ratePerSecond / 1000.0);
            at = Math.max(at, now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * 1000.0 / ratePerSecond);
        }
    }
}
