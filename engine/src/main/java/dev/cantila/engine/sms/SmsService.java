package dev.cantila.engine.sms;

import dev.cantila.webhooks.outbound.TargetPolicy;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Hashes;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Urls;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.sms.MessageStore.NewMessage;
import dev.cantila.engine.sms.SenderDirectory.Sender;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.SmsErrorCodes;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.DateTimeException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one outbound send path: the API, bulk sends and (from issue #3) scripts all come through here.
 * Validates, resolves the sender, renders templates, counts segments, refuses opted-out recipients, stores the
 * message {@code queued} (or {@code scheduled}) and wakes the {@link Dispatcher}; nothing is sent inline.
 */
public final class SmsService {
    public static final int MAX_BODY_CHARS = 1600;
    public static final Duration MAX_SCHEDULE_AHEAD = Duration.ofDays(35);

    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final SenderDirectory senders;
    private final Templates templates;
    private final MessageStore store;
    private final Dispatcher dispatcher;
    private final TargetPolicy targets;

    /** @param targets which {@code statusCallback} URLs may be given (the operator's allow-list) */
    SmsService(Database db, Clock clock, Ids ids, SenderDirectory senders, Templates templates, MessageStore store,
               Dispatcher dispatcher, TargetPolicy targets) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.senders = senders;
        this.templates = templates;
        this.store = store;
        this.dispatcher = dispatcher;
        this.targets = targets;
    }

    /** One send as requested; exactly one of {@code body} and {@code templateId}. */
    public record SendRequest(String to, String body, String templateId, Map<String, String> vars, String from,
                              String sendAt, String statusCallback) {
    }

    /** The stored message, and whether it was an idempotent replay of an earlier request. */
    public record SendResult(Message message, boolean replayed) {
    }

    public SendResult send(String projectId, SendRequest r, String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw ApiException.invalid("Idempotency-Key", "the Idempotency-Key header must be 1-255 characters");
        }
        String hash = idempotencyKey == null ? null : fingerprint(r);
        if (idempotencyKey != null) {
            Optional<SendResult> replay = replay(projectId, idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        Sender sender = sender(projectId, r.from());
        String to = PhoneNumbers.toE164(required(r.to(), "to"), PhoneNumbers.regionOf(sender.e164()), "to");
        String body = body(projectId, r.body(), r.templateId(), r.vars());
        if (isOptedOut(projectId, to)) {
            throw ApiException.unprocessable(SmsErrorCodes.RECIPIENT_OPTED_OUT, to + " has opted out of messages from"
                    + " this project (they texted STOP); they must text START to opt back in", "to");
        }
        Long sendAt = sendAt(r.sendAt());
        NewMessage m = message(projectId, sender.e164(), to, body, r.templateId(), statusCallback(r.statusCallback()),
                sendAt);
        String id = m.id();
        Message stored;
        try {
            stored = db.inJdbcTx(tx -> {
                Message inserted = store.insert(tx, m);
                if (idempotencyKey != null) {
                    Database.update(tx, "INSERT INTO idempotency_keys (project_id, idem_key, request_hash, message_id,"
                            + " created_at) VALUES (?, ?, ?, ?, ?)", projectId, idempotencyKey, hash, id, clock.millis());
                }
                return inserted;
            });
        } catch (RuntimeException e) {
            if (idempotencyKey != null && Database.isUniqueViolation(e)) {
                // a concurrent request with the same key won the insert: answer as its replay
                return replay(projectId, idempotencyKey, hash).orElseThrow(() -> e);
            }
            throw e;
        }
        if (sendAt == null) {
            dispatcher.wake();
        }
        return new SendResult(stored, false);
    }

    /** A message a handler's routing run sends (a reply, a forward), checked and given its id, not stored yet. */
    public static final class Pending {
        private final NewMessage message;

        private Pending(NewMessage message) {
            this.message = message;
        }

        public String id() {
            return message.id();
        }
    }

    /**
     * Checks a message on behalf of the project's handler or routing (a reply, a forward: from a number the project
     * holds, to a valid E.164 number, body and opt-out checked) and gives it its id, without storing it: {@link #queue}
     * stores it in the transaction that records the run, so a run costs one commit.
     */
    public Pending prepareAs(String projectId, String from, String to, String body) {
        refuseOptedOut(projectId, to);
        return new Pending(message(projectId, from, to, checkBody(body, "body"), null, null, null));
    }

    /** Stores prepared messages in the caller's transaction; call {@link #wakeDispatcher} once it committed. */
    public void queue(Connection tx, List<Pending> pending) throws SQLException {
        for (Pending p : pending) {
            store.insert(tx, p.message);
        }
    }

    /** The number a project's messages leave from when none is named: its SMS activation (409 sms_not_active). */
    public String defaultSender(String projectId) {
        return sender(projectId, null).e164();
    }

    /**
     * Stores, in the caller's transaction, a message whose real text must not be kept in clear (a one-time code):
     * {@code shown} is what the database row and the messages API keep, {@code sealed} the real text as the caller
     * sealed it; only the carrier gets it opened (see {@link Sms#openSealedWith}). Encoding and segments are the real
     * text's ({@code clear}), which is what the carrier sends. Opted-out recipients are refused (422). Call
     * {@link #wakeDispatcher} once the transaction committed. Returns the message id.
     */
    public String queueSealed(Connection tx, String projectId, String from, String to, String shown, String clear,
                              String sealed) throws SQLException {
        refuseOptedOut(projectId, to);
        checkBody(clear, "body");
        Segments.Result enc = Segments.of(clear);
        NewMessage m = new NewMessage(ids.next("msg"), projectId, from, to, shown, enc.encoding(), enc.segments(),
                MessageStatus.QUEUED, null, null, null, null, null, clock.millis());
        store.insert(tx, m);
        Database.update(tx, "UPDATE sms_messages SET sealed_body = ? WHERE id = ?", sealed, m.id());
        return m.id();
    }

    public void wakeDispatcher() {
        dispatcher.wake();
    }

    /**
     * The platform's own messages (keyword confirmations): from a number the project holds, to an already valid
     * E.164 number, queued at once. {@code keywordReply} for the answer to a keyword (the confirmation of a STOP, the
     * answer to HELP): the messages carriers allow (and require) to a recipient who opted out. It is stored marked so
     * ({@code sms_messages.keyword_reply}), and the dispatcher's opt-out check exempts only such a message.
     * Nothing a project sends can carry the mark.
     */
    Message queueDirect(String projectId, String from, String to, String body, boolean keywordReply) {
        if (!keywordReply) {
            refuseOptedOut(projectId, to);
        }
        NewMessage m = message(projectId, from, to, checkBody(body, "body"), null, null, null);
        Message stored = db.inJdbcTx(tx -> {
            Message inserted = store.insert(tx, m);
            if (keywordReply) {
                store.markKeywordReply(tx, m.id());
            }
            return inserted;
        });
        dispatcher.wake();
        return stored;
    }

    private void refuseOptedOut(String projectId, String to) {
        if (isOptedOut(projectId, to)) {
            throw ApiException.unprocessable(SmsErrorCodes.RECIPIENT_OPTED_OUT,
                    to + " has opted out of messages from this project", "to");
        }
    }

    private NewMessage message(String projectId, String from, String to, String body, String templateId,
                               String callback, Long sendAt) {
        Segments.Result enc = Segments.of(body);
        return new NewMessage(ids.next("msg"), projectId, from, to, body, enc.encoding(), enc.segments(),
                sendAt == null ? MessageStatus.QUEUED : MessageStatus.SCHEDULED, templateId, null, null, callback,
                sendAt, sendAt == null ? clock.millis() : sendAt);
    }

    public Message get(String projectId, String messageId) {
        return store.get(projectId, messageId);
    }

    public dev.cantila.engine.core.Page<Message> list(String projectId, MessageStore.Filter filter, String cursor,
                                                       int limit) {
        return store.list(projectId, filter, cursor, limit);
    }

    /** Cancels a scheduled message; 409 once it has left {@code scheduled}. */
    public Message cancel(String projectId, String messageId) {
        Message m = store.get(projectId, messageId);
        if (!store.move(messageId, MessageStatus.SCHEDULED, MessageStatus.CANCELED, null, null, "canceled by request")) {
            throw ApiException.conflict("not_cancelable", "message " + messageId + " is "
                    + store.status(messageId).wire() + "; only scheduled messages can be canceled");
        }
        return store.get(projectId, m.id());
    }

    Sender sender(String projectId, String from) {
        if (from == null) {
            return senders.active(projectId).orElseThrow(() -> ApiException.conflict("sms_not_active",
                    "SMS is not activated for project " + projectId + ": POST /v1/projects/" + projectId
                            + "/sms/activate first, or pass a 'from' number the project holds"));
        }
        String e164 = PhoneNumbers.toE164(from, null, "from");
        Sender s = senders.held(projectId, e164).orElseThrow(() -> ApiException.unprocessable("from_not_owned",
                "from " + e164 + " is not a number of project " + projectId, "from"));
        if (!s.smsCapable()) {
            throw ApiException.unprocessable("number_not_sms_capable", e164 + " cannot send SMS", "from");
        }
        return s;
    }

    String body(String projectId, String body, String templateId, Map<String, String> vars) {
        if ((body == null) == (templateId == null)) {
            throw ApiException.invalid("body", "give exactly one of body and templateId");
        }
        String text = body != null ? body : templates.render(projectId, templateId, vars == null ? Map.of() : vars);
        return checkBody(text, body != null ? "body" : "templateId");
    }

    static String checkBody(String text, String field) {
        int chars = text.codePointCount(0, text.length());
        if (chars < 1 || chars > MAX_BODY_CHARS) {
            throw ApiException.invalid(field, "the message body must be 1-" + MAX_BODY_CHARS + " characters, got " + chars);
        }
        return text;
    }

    boolean isOptedOut(String projectId, String e164) {
        return Database.one(db.exec(), "SELECT 1 AS x FROM sms_opt_outs WHERE project_id = ? AND e164 = ?",
                row -> true, projectId, e164).isPresent();
    }

    Long sendAt(String raw) {
        if (raw == null) {
            return null;
        }
        long at;
        try {
            at = OffsetDateTime.parse(raw).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw ApiException.invalid("sendAt", "sendAt must be ISO-8601 with an offset, e.g. 2026-12-01T09:30:00Z"
                    + " or 2026-12-01T09:30:00-05:00; got '" + raw + "'");
        }
        long now = clock.millis();
        if (at <= now) {
            throw ApiException.invalid("sendAt", "sendAt must be in the future; " + raw + " is not");
        }
        if (at > now + MAX_SCHEDULE_AHEAD.toMillis()) {
            throw ApiException.invalid("sendAt", "sendAt may be at most 35 days ahead; " + raw + " is further");
        }
        return at;
    }

    String statusCallback(String url) {
        return url == null ? null : Urls.http(url, "statusCallback", targets);
    }

    private Optional<SendResult> replay(String projectId, String key, String hash) {
        return Database.one(db.exec(), "SELECT request_hash, message_id FROM idempotency_keys WHERE project_id = ?"
                        + " AND idem_key = ?", row -> row, projectId, key)
                .map(row -> {
                    if (!hash.equals(Database.str(row, "request_hash"))) {
                        throw ApiException.conflict("idempotency_key_reused", "Idempotency-Key '" + key
                                + "' was used for a different request; use a new key for a new message");
                    }
                    return new SendResult(store.get(projectId, Database.str(row, "message_id")), true);
                });
    }

    /**
     * What makes two requests "the same" for an Idempotency-Key: every field, length-prefixed so that boundaries are
     * unambiguous, and the template variables sorted by name so that their JSON order does not matter.
     */
    static String fingerprint(SendRequest r) {
        StringBuilder b = new StringBuilder();
        for (String f : new String[]{r.to(), r.body(), r.templateId(), r.from(), r.sendAt(), r.statusCallback()}) {
            b.append(f == null ? "-1" : f.length()).append(':').append(f == null ? "" : f);
        }
        new java.util.TreeMap<>(r.vars() == null ? Map.of() : r.vars()).forEach((k, v) ->
                b.append(k.length()).append(':').append(k).append(v.length()).append(':').append(v));
        return Hashes.sha256Hex(b.toString());
    }

    private static String required(String v, String field) {
        if (v == null || v.isBlank()) {
            throw ApiException.invalid(field, field + " is required");
        }
        return v;
    }
}
