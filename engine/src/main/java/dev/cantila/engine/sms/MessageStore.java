package dev.cantila.engine.sms;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@code sms_messages} and {@code sms_events} tables ({@code sms_events} holds every status change after the
 * first; see {@link #initialStatus}). Every status change goes through {@link #move}: a
 * compare-and-set on the current status (so two engine instances, or a cancel racing the dispatcher, cannot
 * both win) plus the event row, in one transaction.
 */
final class MessageStore {
    static final String INSERT = "INSERT INTO sms_messages (id, project_id, direction, from_e164, to_e164, body,"
            + " encoding, segments, status, template_id, batch_id, batch_index, status_callback, send_at, due_at,"
            + " attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)";
    /**
     * Registers a sending number with the dispatcher (see {@code Dispatcher}), in the transaction queueing to it. A
     * new sender starts like a full token bucket: it may send {@code burst} + 1 at once.
     */
    static final String ENLIST = "INSERT INTO sms_senders (e164, next_slot_us) VALUES (?, 0) ON CONFLICT DO NOTHING";
    static final String INSERT_EVENT = "INSERT INTO sms_events (message_id, seq, status, occurred_at, detail)"
            + " SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM sms_events WHERE message_id = ?";

    private final Database db;
    private final Clock clock;
    private final List<SmsListener<Message>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> enlisted = ConcurrentHashMap.newKeySet();

    /**
     * The status move's compare-and-set, returning the moved row in the same statement (no read-back):
     * {@code RETURNING} on PostgreSQL, H2's {@code FINAL TABLE} over the update. No row: not in the expected status.
     */
    private final String moveSql;

    MessageStore(Database db, Clock clock) {
        String update = "UPDATE sms_messages SET status = ?, updated_at = ?, error_code = COALESCE(?, error_code),"
                + " error_message = COALESCE(?, error_message), lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ? AND status = ?";
        this.moveSql = db.isPostgres() ? update + " RETURNING *" : "SELECT * FROM FINAL TABLE (" + update + ")";
        this.db = db;
        this.clock = clock;
    }

    /**
     * Told of every status a message reaches through {@link #move} (the message as it is then, without its event
     * history), inside the transaction that records it and again after it committed, on the mover's thread.
     */
    void onStatus(SmsListener<Message> listener) {
        listeners.add(listener);
    }

    /** A message about to be stored: outbound {@code queued} or {@code scheduled}, or inbound {@code received}. */
    record NewMessage(String id, String projectId, String from, String to, String body, String encoding, int segments,
                      MessageStatus status, String templateId, String batchId, Integer batchIndex,
                      String statusCallback, Long sendAt, long dueAt) {

        String direction() {
            return status == MessageStatus.RECEIVED ? "inbound" : "outbound";
        }
    }

    /** Stores {@code m} in the caller's transaction and returns it as the API shows it (no need to read it back). */
    Message insert(Connection tx, NewMessage m) throws SQLException {
        long now = clock.millis();
        Database.update(tx, INSERT, m.id(), m.projectId(), m.direction(), m.from(), m.to(), m.body(), m.encoding(),
                m.segments(), m.status().wire(), m.templateId(), m.batchId(), m.batchIndex(), m.statusCallback(),
                m.sendAt(), m.dueAt(), now, now);
        if (m.status() != MessageStatus.RECEIVED) {
            enlist(tx, m.from());
        }
        Instant at = Instant.ofEpochMilli(now);
        return new Message(m.id(), m.projectId(), m.direction(), m.from(), m.to(), m.body(), m.encoding(), m.segments(),
                m.status().wire(), m.templateId(), m.batchId(), m.statusCallback(),
                m.sendAt() == null ? null : Instant.ofEpochMilli(m.sendAt()), null, null, at, at,
                List.of(new Message.Event(m.status().wire(), at, null)));
    }

    /** Marks {@code id}, in the caller's transaction, as the confirmation of a STOP: exempt from that opt-out. */
    void markKeywordReply(Connection tx, String id) throws SQLException {
        Database.update(tx, "UPDATE sms_messages SET keyword_reply = TRUE WHERE id = ?", id);
    }

    /**
     * Makes sure the dispatcher knows {@code sender}, in the caller's transaction. A sender's row is never deleted, so
     * one seen committed is remembered and not asked for again: the insert would wait for the row lock the dispatcher
     * holds while it claims that sender's messages.
     */
    private void enlist(Connection tx, String sender) throws SQLException {
        if (enlisted.contains(sender)) {
            return;
        }
        if (Database.one(tx, "SELECT 1 AS x FROM sms_senders WHERE e164 = ?", r -> true, sender).isPresent()) {
            enlisted.add(sender);
        } else {
            Database.update(tx, ENLIST, sender);
        }
    }

    /** Bulk path: makes sure the dispatcher knows {@code sender}, in the caller's transaction. */
    void enlistBulk(Connection c, String sender) throws SQLException {
        enlist(c, sender);
    }

    /**
     * Bulk path: JDBC batches on one connection, in the caller's transaction; the senders must be enlisted already
     * ({@link #enlistBulk}).
     */
    void insertAll(Connection c, List<NewMessage> messages) throws SQLException {
        long now = clock.millis();
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            int n = 0;
            for (NewMessage m : messages) {
                int i = 0;
                ps.setString(++i, m.id());
                ps.setString(++i, m.projectId());
                ps.setString(++i, m.direction());
                ps.setString(++i, m.from());
                ps.setString(++i, m.to());
                ps.setString(++i, m.body());
                ps.setString(++i, m.encoding());
                ps.setInt(++i, m.segments());
                ps.setString(++i, m.status().wire());
                ps.setString(++i, m.templateId());
                ps.setString(++i, m.batchId());
                ps.setObject(++i, m.batchIndex(), Types.INTEGER);
                ps.setString(++i, m.statusCallback());
                ps.setObject(++i, m.sendAt(), Types.BIGINT);
                ps.setLong(++i, m.dueAt());
                ps.setLong(++i, now);
                ps.setLong(++i, now);
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** The columns {@link #copyAll} writes, in {@link #INSERT}'s order; the others take their defaults. */
    private static final String COPY = "COPY sms_messages (id, project_id, direction, from_e164, to_e164, body,"
            + " encoding, segments, status, template_id, batch_id, batch_index, status_callback, send_at, due_at,"
            + " attempts, created_at, updated_at) FROM STDIN WITH (FORMAT csv)";

    /**
     * Bulk path on PostgreSQL: the rows of {@link #insertAll} through {@code COPY … FROM STDIN} (CSV: every text
     * quoted, its quotes doubled, so any body goes through; an empty unquoted field is NULL), in the caller's
     * transaction. Several times cheaper than batched inserts: one round trip and no per-row statement.
     */
    void copyAll(Connection c, List<NewMessage> messages) throws SQLException {
        long now = clock.millis();
        StringBuilder csv = new StringBuilder(messages.size() * 160);
        for (NewMessage m : messages) {
            quoted(csv, m.id()).append(',');
            quoted(csv, m.projectId()).append(',');
            quoted(csv, m.direction()).append(',');
            quoted(csv, m.from()).append(',');
            quoted(csv, m.to()).append(',');
            quoted(csv, m.body()).append(',');
            quoted(csv, m.encoding()).append(',');
            csv.append(m.segments()).append(',');
            quoted(csv, m.status().wire()).append(',');
            quoted(csv, m.templateId()).append(',');
            quoted(csv, m.batchId()).append(',');
            csv.append(m.batchIndex() == null ? "" : m.batchIndex()).append(',');
            quoted(csv, m.statusCallback()).append(',');
            csv.append(m.sendAt() == null ? "" : m.sendAt()).append(',');
            csv.append(m.dueAt()).append(",0,").append(now).append(',').append(now).append('\n');
        }
        try {
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(COPY, new java.io.StringReader(csv.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY of " + messages.size() + " messages failed", e);
        }
    }

    private static StringBuilder quoted(StringBuilder csv, String text) {
        if (text == null) {
            return csv;
        }
        csv.append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                csv.append('"');
            }
            csv.append(ch);
        }
        return csv.append('"');
    }

    /**
     * Moves a message from {@code from} to {@code to} if it is still in {@code from}; records the event. Clears
     * any lease. Returns false when the message was not in {@code from} (someone else moved it first).
     */
    boolean move(String id, MessageStatus from, MessageStatus to, String errorCode, String errorMessage, String detail) {
        from.requireMove(to, id);
        long now = clock.millis();
        Optional<Message> moved = db.inJdbcTx(tx -> {
            Optional<Message> m = Database.one(tx, moveSql, MessageStore::message,
                    to.wire(), now, errorCode, errorMessage, id, from.wire());
            if (m.isPresent()) {
                Database.update(tx, INSERT_EVENT, id, to.wire(), now, detail, id);
                tell(tx, m.get());
            }
            return m;
        });
        moved.ifPresent(this::toldCommitted);
        return moved.isPresent();
    }

    /** Reads {@code id} in {@code tx} and tells the listeners, whose writes (the webhook event) commit with it. */
    private Message told(Connection tx, String id) throws SQLException {
        Message m = Database.one(tx, "SELECT * FROM sms_messages WHERE id = ?", MessageStore::message, id)
                .orElseThrow(() -> new IllegalStateException("message " + id + " vanished in its own transaction"));
        tell(tx, m);
        return m;
    }

    private void tell(Connection tx, Message m) throws SQLException {
        for (SmsListener<Message> l : listeners) {
            l.inTransaction(tx, m);
        }
    }

    private void toldCommitted(Message m) {
        listeners.forEach(l -> l.committed(m));
    }

    /**
     * Cancels, in the caller's transaction, the queued and scheduled messages matching {@code where} (over the
     * alias {@code m}, with {@code params}), recording a {@code canceled} event with {@code detail} for each. Rows
     * are locked first, so the dispatcher (SKIP LOCKED) cannot take one meanwhile. Returns the canceled ids, for
     * {@link #notifyStatus} once the transaction has committed.
     */
    List<String> cancelPending(DbExecute tx, String where, String detail, Object... params) {
        String pending = " FROM sms_messages m WHERE " + where + " AND m.status IN ('queued', 'scheduled')";
        List<String> ids = Database.list(tx, "SELECT m.id" + pending + " FOR UPDATE", r -> Database.str(r, "id"), params);
        if (ids.isEmpty()) {
            return ids;
        }
        long now = clock.millis();
        Object[] withTime = new Object[params.length + 2];
        withTime[0] = now;
        withTime[1] = detail;
        System.arraycopy(params, 0, withTime, 2, params.length);
        Database.update(tx, "INSERT INTO sms_events (message_id, seq, status, occurred_at, detail) SELECT m.id,"
                + " (SELECT COALESCE(MAX(e.seq), 0) + 1 FROM sms_events e WHERE e.message_id = m.id), 'canceled', ?, ?"
                + pending, withTime);
        Object[] update = new Object[params.length + 1];
        update[0] = now;
        System.arraycopy(params, 0, update, 1, params.length);
        Database.update(tx, "UPDATE sms_messages SET status = 'canceled', updated_at = ? WHERE id IN (SELECT m.id"
                + pending + ")", update);
        return ids;
    }

    /**
     * Tells the status listeners about messages changed outside {@link #move}, after that change committed (a
     * cancellation in a number release or a bulk cancel, which run in DbClient transactions): one transaction per
     * message, so a crash between that commit and this one loses those events (the messages are safe).
     */
    void notifyStatus(List<String> ids) {
        for (String id : ids) {
            toldCommitted(db.inJdbcTx(tx -> told(tx, id)));
        }
    }

    void event(DbExecute tx, String id, MessageStatus status, long at, String detail) {
        Database.update(tx, INSERT_EVENT, id, status.wire(), at, detail, id);
    }

    Message get(String projectId, String id) {
        Message m = Database.one(db.exec(), "SELECT * FROM sms_messages WHERE id = ? AND project_id = ?",
                MessageStore::message, id, projectId).orElseThrow(() -> ApiException.notFound("message", id));
        List<Message.Event> history = new ArrayList<>();
        history.add(new Message.Event(initialStatus(m).wire(), m.createdAt(), null));
        history.addAll(Database.list(db.exec(), "SELECT status, occurred_at, detail FROM sms_events"
                        + " WHERE message_id = ? ORDER BY seq",
                r -> new Message.Event(Database.str(r, "status"), Instant.ofEpochMilli(Database.lng(r, "occurred_at")),
                        Database.str(r, "detail")), id));
        return m.withEvents(history);
    }

    /**
     * The status a message was created in. Not stored as an event row: it follows from the message itself, and
     * leaving it out halves the rows a 100,000-recipient bulk send writes in its one transaction.
     */
    static MessageStatus initialStatus(Message m) {
        if ("inbound".equals(m.direction())) {
            return MessageStatus.RECEIVED;
        }
        return m.sendAt() != null ? MessageStatus.SCHEDULED : MessageStatus.QUEUED;
    }

    MessageStatus status(String id) {
        return Database.one(db.exec(), "SELECT status FROM sms_messages WHERE id = ?",
                r -> MessageStatus.fromWire(Database.str(r, "status")), id).orElse(null);
    }

    /** Filters for {@link #list}; null fields do not filter. */
    record Filter(MessageStatus status, String direction, String to, String batchId, Long since) {
    }

    Page<Message> list(String projectId, Filter f, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM sms_messages WHERE project_id = ?");
        List<Object> params = new ArrayList<>(List.of(projectId));
        if (f.status() != null) {
            sql.append(" AND status = ?");
            params.add(f.status().wire());
        }
        if (f.direction() != null) {
            sql.append(" AND direction = ?");
            params.add(f.direction());
        }
        if (f.to() != null) {
            sql.append(" AND to_e164 = ?");
            params.add(f.to());
        }
        if (f.batchId() != null) {
            sql.append(" AND batch_id = ?");
            params.add(f.batchId());
        }
        if (f.since() != null) {
            sql.append(" AND created_at >= ?");
            params.add(f.since());
        }
        if (cursor != null) {
            sql.append(" AND id < ?");
            params.add(cursor);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit + 1);
        return Page.of(Database.list(db.exec(), sql.toString(), MessageStore::message, params.toArray()), limit,
                Message::id);
    }

    static Message message(DbRow r) {
        return message(column -> Database.value(r, column));
    }

    /** A row of {@code sms_messages} given as column name → value (null for SQL NULL), DbClient's or JDBC's. */
    static Message message(Function<String, Object> r) {
        Object sendAt = r.apply("send_at");
        return new Message(text(r, "id"), text(r, "project_id"), text(r, "direction"), text(r, "from_e164"),
                text(r, "to_e164"), text(r, "body"), text(r, "encoding"), ((Number) r.apply("segments")).intValue(),
                text(r, "status"), text(r, "template_id"), text(r, "batch_id"), text(r, "status_callback"),
                sendAt == null ? null : Instant.ofEpochMilli(((Number) sendAt).longValue()), text(r, "error_code"),
                text(r, "error_message"), Instant.ofEpochMilli(((Number) r.apply("created_at")).longValue()),
                Instant.ofEpochMilli(((Number) r.apply("updated_at")).longValue()), null);
    }

    private static String text(Function<String, Object> row, String column) {
        Object v = row.apply(column);
        return v == null ? null : v.toString();
    }
}
