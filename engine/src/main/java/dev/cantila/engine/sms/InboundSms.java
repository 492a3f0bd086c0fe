package dev.cantila.engine.sms;

import dev.cantila.scripts.Keywords;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.sms.MessageStore.NewMessage;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbRow;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Inbound SMS: from the simulated carrier ({@code POST /v1/sim/inbound-sms}) and, in issue #4, FreeSWITCH.
 * Stores the message as {@code received} on the project that holds the number, applies the carrier keywords
 * (STOP/START/HELP, see {@link Keywords}, and a registered campaign's own keywords through {@link SendPolicy#keyword})
 * with their confirmation replies, and serves inbound listings and
 * two-way threads. A thread is one project number × one remote number; its id is {@code <local>:<remote>}.
 */
public final class InboundSms {
    private static final java.util.regex.Pattern ONE_WORD = java.util.regex.Pattern.compile("[A-Z0-9]{1,255}");

    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final SmsService sms;
    private final MessageStore store;
    private final Projects projects;
    private final List<SmsListener<Received>> storedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();
    private volatile SendPolicy policy = SendPolicy.NONE;

    InboundSms(Database db, Clock clock, Ids ids, SmsService sms, MessageStore store, Projects projects) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.sms = sms;
        this.store = store;
        this.projects = projects;
    }

    /** What became of an inbound message: stored, and the keyword it was with its automatic reply, if any. */
    public record Received(Message message, String threadId, String keyword, Message autoReply) {
    }

    /** A conversation: the project number, the remote number, the last message and the counts. */
    public record Thread(String id, String local, String remote, Message lastMessage, long messages, long inbound,
                         long outbound) {
    }

    /** Told in the storing transaction (before any keyword reply is queued), then after the commit. */
    void onStored(SmsListener<Received> listener) {
        storedListeners.add(listener);
    }

    /** Told after the commit and the keyword reply, on the receiving thread: the routing runs here. */
    void onReceived(Consumer<Received> listener) {
        listeners.add(listener);
    }

    void govern(SendPolicy policy) {
        this.policy = policy;
    }

    /** The project holding {@code to}, if any — the carrier's routing question; for authorising the simulator. */
    public Optional<String> owner(String to) {
        return Database.one(db.exec(), "SELECT project_id FROM numbers WHERE e164 = ? AND status = 'held'",
                r -> Database.str(r, "project_id"), to);
    }

    public Received receive(String fromRaw, String toRaw, String body) {
        String to = PhoneNumbers.toE164(toRaw, null, "to");
        return receive(owner(to).orElseThrow(() -> ApiException.notFound("number", to + " (held by no project)")),
                fromRaw, to, body);
    }

    /** As {@link #receive(String, String, String)} for a caller that already asked {@link #owner} of {@code to}. */
    public Received receive(String project, String fromRaw, String to, String body) {
        String from = PhoneNumbers.toE164(fromRaw, PhoneNumbers.regionOf(to), "from");
        if (body == null || body.length() > SmsService.MAX_BODY_CHARS * 2) {
            throw ApiException.invalid("body", "body is required, at most " + SmsService.MAX_BODY_CHARS * 2
                    + " characters");
        }
        Segments.Result enc = Segments.of(body);
        long now = clock.millis();
        NewMessage m = new NewMessage(ids.next("msg"), project, from, to, body, enc.encoding(), enc.segments(),
                MessageStatus.RECEIVED, null, null, null, null, null, now);
        Optional<Keywords> keyword = keyword(to, body);
        String keywordName = keyword.map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).orElse(null);
        // the message, its keyword's effect and what listeners write (the sms.inbound event) commit together
        Received stored = db.inJdbcTx(tx -> {
            Received r = new Received(store.insert(tx, m), to + ":" + from, keywordName, null);
            if (keyword.isPresent()) {
                applyKeyword(tx, keyword.get(), project, from, now);
            }
            for (SmsListener<Received> l : storedListeners) {
                l.inTransaction(tx, r);
            }
            return r;
        });
        storedListeners.forEach(l -> l.committed(stored));
        Message reply = keyword.map(k -> sms.queueDirect(project, to, from, replyText(k, project, to), true)).orElse(null);
        Received received = new Received(stored.message(), stored.threadId(), keywordName, reply);
        listeners.forEach(l -> l.accept(received));
        return received;
    }

    /**
     * The standard words first (so a campaign cannot turn STOP into anything else), then the registry's keywords for
     * the number: a campaign's opt-out keyword opts the sender out exactly like STOP.
     */
    private Optional<Keywords> keyword(String to, String body) {
        Optional<Keywords> standard = Keywords.of(body);
        if (standard.isPresent()) {
            return standard;
        }
        String word = body.strip().toUpperCase(java.util.Locale.ROOT);
        if (!ONE_WORD.matcher(word).matches()) {
            return Optional.empty(); // registered keywords are letters and digits: no need to ask
        }
        return policy.keyword(to, word).map(k -> Keywords.valueOf(k.toUpperCase(java.util.Locale.ROOT)));
    }

    private void applyKeyword(Connection tx, Keywords k, String project, String from, long now) throws SQLException {
        switch (k) {
            case OPT_OUT -> Database.update(tx, "INSERT INTO sms_opt_outs (project_id, e164, created_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", project, from, now);
            case OPT_IN -> Database.update(tx, "DELETE FROM sms_opt_outs WHERE project_id = ? AND e164 = ?", project, from);
            case HELP -> { }
        }
    }

    /** The registry's answer for the number (a campaign's opt-out or help message), else the project's. */
    private String replyText(Keywords k, String project, String to) {
        Optional<String> registered = policy.keywordReply(to, k.name().toLowerCase(java.util.Locale.ROOT));
        if (registered.isPresent()) {
            return registered.get();
        }
        var p = projects.get(project);
        return k.reply(p.name(), p.helpText());
    }

    public Page<Message> inbound(String projectId, String cursor, int limit) {
        return store.list(projectId, new MessageStore.Filter(null, "inbound", null, null, null), cursor, limit);
    }

    public Page<Thread> threads(String projectId, String cursor, int limit) {
        List<Object> params = new ArrayList<>(List.of(projectId));
        String having = "";
        if (cursor != null) {
            having = " HAVING MAX(id) < ?";
            params.add(cursor);
        }
        params.add(limit + 1);
        List<DbRow> rows = Database.list(db.exec(), "SELECT local_e164, remote_e164, MAX(id) AS last_id, COUNT(*) AS n,"
                + " SUM(CASE WHEN direction = 'inbound' THEN 1 ELSE 0 END) AS inbound_n FROM (SELECT id, direction,"
                + " CASE WHEN direction = 'outbound' THEN from_e164 ELSE to_e164 END AS local_e164,"
                + " CASE WHEN direction = 'outbound' THEN to_e164 ELSE from_e164 END AS remote_e164"
                + " FROM sms_messages WHERE project_id = ?) t GROUP BY local_e164, remote_e164" + having
                + " ORDER BY last_id DESC LIMIT ?", r -> r, params.toArray());
        List<Thread> threads = rows.stream().map(r -> {
            String local = Database.str(r, "local_e164");
            String remote = Database.str(r, "remote_e164");
            long n = Database.lng(r, "n");
            long in = Database.lng(r, "inbound_n");
            return new Thread(local + ":" + remote, local, remote, store.get(projectId, Database.str(r, "last_id"))
                    .withEvents(null), n, in, n - in);
        }).toList();
        return Page.of(threads, limit, t -> t.lastMessage().id());
    }

    /** Both directions with {@code remote}, oldest first; {@code local} narrows to one project number. */
    public Page<Message> thread(String projectId, String remoteRaw, String localRaw, String cursor, int limit) {
        String remote = PhoneNumbers.fromPath(remoteRaw, "remote");
        String local = localRaw == null ? null : PhoneNumbers.toE164(localRaw, null, "local");
        StringBuilder sql = new StringBuilder("SELECT * FROM sms_messages WHERE project_id = ? AND ("
                + "(direction = 'outbound' AND to_e164 = ?" + (local == null ? "" : " AND from_e164 = ?") + ") OR "
                + "(direction = 'inbound' AND from_e164 = ?" + (local == null ? "" : " AND to_e164 = ?") + "))");
        List<Object> params = new ArrayList<>(List.of(projectId, remote));
        if (local != null) {
            params.add(local);
        }
        params.add(remote);
        if (local != null) {
            params.add(local);
        }
        if (cursor != null) {
            sql.append(" AND id > ?");
            params.add(cursor);
        }
        sql.append(" ORDER BY id LIMIT ?");
        params.add(limit + 1);
        return Page.of(Database.list(db.exec(), sql.toString(), MessageStore::message, params.toArray()), limit,
                Message::id);
    }

}
