package dev.cantila.engine.sms;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.sms.MessageStore.NewMessage;
import dev.cantila.engine.sms.SenderDirectory.Sender;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.SmsErrorCodes;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Bulk sends: up to {@value #MAX_RECIPIENTS} recipients in one request, each with its own template variables.
 *
 * <p>Contract: the request as a whole is refused (400/409/422) only for what concerns every recipient (no
 * sender, bad template, bad {@code sendAt}, too many recipients). A recipient that is itself wrong (invalid
 * number, missing variables, opted out, duplicate of an earlier recipient) is reported by its index in
 * {@code rejections} and the others are still sent. Everything accepted is stored before the answer
 * ({@link BulkAccept}: in chunks while the batch is {@code accepting}, then published at once), then paced out by
 * the {@link Dispatcher} at the sender's throughput.
 */
public final class BulkSends {
    public static final int MAX_RECIPIENTS = 100_000;
    private static final int MAX_REJECTIONS_SHOWN = 1000;
    private static final Logger LOG = Logger.getLogger(BulkSends.class.getName());

    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final SmsService sms;
    private final Templates templates;
    private final MessageStore store;
    private final Dispatcher dispatcher;
    private final BulkAccept accept;

    BulkSends(Database db, Clock clock, Ids ids, SmsService sms, Templates templates, MessageStore store,
              Dispatcher dispatcher, BulkAccept accept) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.sms = sms;
        this.templates = templates;
        this.store = store;
        this.dispatcher = dispatcher;
        this.accept = accept;
    }

    /** A recipient as parsed; {@code error} set when the request already showed it to be malformed. */
    public record Recipient(String to, Map<String, String> vars, ApiException error) {
    }

    public record BulkRequest(String from, String body, String templateId, String sendAt, String statusCallback,
                              List<Recipient> recipients) {
    }

    public record Rejection(int index, String to, String code, String message) {
    }

    /** {@code failureReason}: why a {@code failed} batch failed (null otherwise). */
    public record Batch(String id, String projectId, String from, String status, int total, int accepted,
                        int rejected, Map<String, Long> counts, double progress, List<Rejection> rejections,
                        Instant createdAt, Instant finishedAt, String failureReason) {
    }

    public Batch submit(String projectId, BulkRequest r) {
        if (r.recipients().isEmpty()) {
            throw ApiException.invalid("recipients", "recipients must hold at least one recipient");
        }
        if (r.recipients().size() > MAX_RECIPIENTS) {
            throw ApiException.invalid("recipients", "at most " + MAX_RECIPIENTS + " recipients per bulk send, got "
                    + r.recipients().size());
        }
        Sender sender = sms.sender(projectId, r.from());
        String region = PhoneNumbers.regionOf(sender.e164());
        if ((r.body() == null) == (r.templateId() == null)) {
            throw ApiException.invalid("body", "give exactly one of body and templateId");
        }
        if (r.body() != null) {
            // the same text for every recipient: refused once for the batch, not once per recipient
            SmsService.checkBody(r.body(), "body");
        }
        String template = r.templateId() == null ? null : templates.get(projectId, r.templateId()).body();
        Long sendAt = sms.sendAt(r.sendAt());
        String callback = sms.statusCallback(r.statusCallback());
        Set<String> optedOut = new HashSet<>(Database.list(db.exec(),
                "SELECT e164 FROM sms_opt_outs WHERE project_id = ?", row -> Database.str(row, "e164"), projectId));

        String batchId = ids.next("bulk");
        long now = clock.millis();
        long t0 = System.nanoTime();
        List<NewMessage> accepted = new ArrayList<>(r.recipients().size());
        List<Rejection> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        // a body without a template is the same text for every recipient: checked above, counted once here
        Segments.Result fixed = template == null ? Segments.of(r.body()) : null;
        // Parsing and rendering are CPU-bound and independent per recipient: done in parallel. Duplicates and ids are
        // then settled in recipient order, so the first occurrence wins and ids follow the request's order.
        List<Object> parsed = IntStream.range(0, r.recipients().size()).parallel()
                .mapToObj(i -> parse(r, i, region, template, fixed, optedOut)).toList();
        long t1 = System.nanoTime();
        for (int i = 0; i < parsed.size(); i++) {
            Object p = parsed.get(i);
            if (p instanceof Rejection rejection) {
                rejected.add(rejection);
                continue;
            }
            Parsed ok = (Parsed) p;
            if (!seen.add(ok.to())) {
                rejected.add(new Rejection(i, r.recipients().get(i).to(), "duplicate_recipient",
                        ok.to() + " appears earlier in this batch"));
                continue;
            }
            accepted.add(new NewMessage(ids.next("msg"), projectId, sender.e164(), ok.to(), ok.body(),
                    ok.encoding().encoding(), ok.encoding().segments(),
                    sendAt == null ? MessageStatus.QUEUED : MessageStatus.SCHEDULED, r.templateId(), batchId, i,
                    callback, sendAt, sendAt == null ? now : sendAt));
        }
        long t2 = System.nanoTime();
        try {
            accept.accept(new BulkAccept.NewBatch(batchId, projectId, sender.e164(), r.templateId(), r.body(),
                    r.recipients().size(), accepted.size(), rejected), accepted);
        } catch (BulkAccept.BatchLost e) {
            throw new ApiException(ApiException.Kind.UNAVAILABLE, "batch_lost", e.getMessage(), null);
        }
        long t3 = System.nanoTime();
        LOG.info(() -> String.format("bulk batch %s: %d recipients (%d accepted, %d rejected): validated and rendered"
                + " in %d ms (parallel), deduplicated with ids in %d ms, stored and published in %d ms (%d chunks)",
                batchId, r.recipients().size(), accepted.size(), rejected.size(), (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (accepted.size() + BulkAccept.CHUNK - 1) / BulkAccept.CHUNK));
        if (sendAt == null && !accepted.isEmpty()) {
            dispatcher.wake();
        }
        return get(projectId, batchId);
    }

    private record Parsed(String to, String body, Segments.Result encoding) {
    }

    /** One recipient validated and rendered: a {@link Parsed} or a {@link Rejection}. */
    private static Object parse(BulkRequest r, int i, String region, String template, Segments.Result fixed,
                                Set<String> optedOut) {
        Recipient rc = r.recipients().get(i);
        try {
            if (rc.error() != null) {
                throw rc.error();
            }
            String to = PhoneNumbers.toE164(rc.to(), region, "recipients[" + i + "].to");
            if (optedOut.contains(to)) {
                throw ApiException.unprocessable(SmsErrorCodes.RECIPIENT_OPTED_OUT, to + " has opted out", "to");
            }
            if (template == null) {
                return new Parsed(to, r.body(), fixed);
            }
            String body = SmsService.checkBody(TemplateText.render(template, rc.vars()), "templateId");
            return new Parsed(to, body, Segments.of(body));
        } catch (ApiException e) {
            return new Rejection(i, rc.to(), e.code(), e.getMessage());
        }
    }

    public Batch get(String projectId, String batchId) {
        var row = Database.one(db.exec(), "SELECT * FROM sms_batches WHERE id = ? AND project_id = ?", x -> x,
                batchId, projectId).orElseThrow(() -> ApiException.notFound("bulk batch", batchId));
        Map<String, Long> counts = new LinkedHashMap<>();
        Database.list(db.exec(), "SELECT status, COUNT(*) AS n FROM sms_messages WHERE batch_id = ? GROUP BY status",
                x -> Map.entry(Database.str(x, "status"), Database.lng(x, "n")), batchId)
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        int accepted = Database.integer(row, "accepted");
        long done = counts.entrySet().stream().filter(e -> MessageStatus.fromWire(e.getKey()).isTerminal())
                .mapToLong(Map.Entry::getValue).sum();
        String status = Database.str(row, "status");
        Long finished = Database.nullableLong(row, "finished_at");
        if ("sending".equals(status) && done == accepted) {
            finished = clock.millis();
            if (Database.update(db.exec(), "UPDATE sms_batches SET status = 'completed', finished_at = ? WHERE id = ?"
                    + " AND status = 'sending'", finished, batchId) == 1) {
                status = "completed";
            }
        }
        List<Rejection> rejections = Database.list(db.exec(), "SELECT idx, to_raw, code, message FROM sms_batch_rejections"
                        + " WHERE batch_id = ? ORDER BY idx LIMIT " + MAX_REJECTIONS_SHOWN,
                x -> new Rejection(Database.integer(x, "idx"), Database.str(x, "to_raw"), Database.str(x, "code"),
                        Database.str(x, "message")), batchId);
        return new Batch(batchId, projectId, Database.str(row, "from_e164"), status,
                Database.integer(row, "total"), accepted, Database.integer(row, "rejected"), counts,
                accepted == 0 ? 1.0 : Math.round(1000.0 * done / accepted) / 1000.0, rejections,
                Instant.ofEpochMilli(Database.lng(row, "created_at")),
                finished == null ? null : Instant.ofEpochMilli(finished), Database.str(row, "failure_reason"));
    }

    /** Cancels every message of the batch not yet handed to the carrier; those already sent go on. */
    public Batch cancel(String projectId, String batchId) {
        Batch b = get(projectId, batchId);
        if (!"sending".equals(b.status())) {
            throw ApiException.conflict("batch_not_cancelable", "bulk batch " + batchId + " is " + b.status());
        }
        long now = clock.millis();
        List<String> canceled = db.inTx(tx -> {
            List<String> ids = store.cancelPending(tx, "m.batch_id = ?", "bulk batch canceled", batchId);
            Database.update(tx, "UPDATE sms_batches SET status = 'canceled', finished_at = ? WHERE id = ?", now, batchId);
            return ids;
        });
        store.notifyStatus(canceled);
        return get(projectId, batchId);
    }

}
