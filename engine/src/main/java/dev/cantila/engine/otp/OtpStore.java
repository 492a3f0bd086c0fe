package dev.cantila.engine.otp;

import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbRow;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code otp_verifications} and {@code otp_sends} tables. Every status move is a compare-and-set
 * ({@code UPDATE … WHERE id = ? AND status = 'pending'}), so of two racing moves (ten concurrent right checks, a
 * check and the expiry sweep, a cancel and an approval) exactly one wins; the loser sees 0 rows and answers from the
 * state the winner left. A check is counted by {@link #countCheck} before the code is compared, in the same
 * transaction, so concurrent wrong guesses cannot exceed the five checks.
 */
final class OtpStore {
    static final int MAX_CHECKS = 5;
    static final int MAX_SENDS = 5;
    private static final String INSERT = "INSERT INTO otp_verifications (id, project_id, to_e164, country, prefix,"
            + " channel, status, code_hash, code_sealed, code_length, locale, app_name, template, app_hash,"
            + " web_otp_domain, client_ip, sends, checks, last_message_id, expires_at, created_at, updated_at,"
            + " channels, last_call_id, fallback_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, ?, ?, ?, ?, ?)";
    private static final String END = "UPDATE otp_verifications SET status = ?, failure = ?, code_sealed = NULL,"
            + " fallback_at = NULL, ended_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'";

    private final Database db;

    OtpStore(Database db) {
        this.db = db;
    }

    /** A verification row, secrets included: never leaves the package; {@link #view} is what the API shows. */
    record Row(String id, String projectId, String to, String country, String prefix, String channel,
               OtpStatus status, String codeHash, String codeSealed, int codeLength, OtpTemplates.Style style,
               String clientIp, int sends, int checks, String lastMessageId, String failure, long expiresAt,
               long createdAt, long updatedAt, Long endedAt, String channels, String lastCallId, Long fallbackAt) {

        /** This row after one more send on {@code by} (sms or call) with that message or call id. */
        Row resent(String by, String messageId, String callId, long at) {
            return new Row(id, projectId, to, country, prefix, channel, status, codeHash, codeSealed, codeLength, style,
                    clientIp, sends + 1, checks, messageId == null ? lastMessageId : messageId, failure, expiresAt,
                    createdAt, at, endedAt, withChannel(channels, by), callId == null ? lastCallId : callId,
                    callId == null ? fallbackAt : null); // a call sent on request is the auto channel's call
        }

        /** This row with its code call placed. */
        Row called(String callId) {
            return new Row(id, projectId, to, country, prefix, channel, status, codeHash, codeSealed, codeLength, style,
                    clientIp, sends, checks, lastMessageId, failure, expiresAt, createdAt, updatedAt, endedAt,
                    withChannel(channels, "call"), callId, null);
        }

        Verification view() {
            return new Verification(id, projectId, to, channel, List.of(channels.split(",")), status.wire(),
                    style.locale(), sends, Math.max(0, MAX_CHECKS - checks), Instant.ofEpochMilli(expiresAt), failure,
                    lastMessageId, lastCallId, fallbackAt == null ? null : Instant.ofEpochMilli(fallbackAt),
                    Instant.ofEpochMilli(createdAt), Instant.ofEpochMilli(updatedAt),
                    endedAt == null ? null : Instant.ofEpochMilli(endedAt));
        }
    }

    /** {@code channels} (comma-separated, in first-use order) with {@code by} added if new. */
    static String withChannel(String channels, String by) {
        if (channels == null || channels.isEmpty()) {
            return by;
        }
        return List.of(channels.split(",")).contains(by) ? channels : channels + "," + by;
    }

    void insert(Connection tx, Row r) throws SQLException {
        OtpTemplates.Style s = r.style();
        Database.update(tx, INSERT, r.id(), r.projectId(), r.to(), r.country(), r.prefix(), r.channel(),
                r.status().wire(), r.codeHash(), r.codeSealed(), r.codeLength(), s.locale(), s.appName(), s.template(),
                s.appHash(), s.webOtpDomain(), r.clientIp(), r.lastMessageId(), r.expiresAt(), r.createdAt(),
                r.updatedAt(), r.channels(), r.lastCallId(), r.fallbackAt());
        // at most one pending verification per destination: a concurrent first request fails here (unique key)
        Database.update(tx, "INSERT INTO otp_pending (project_id, to_e164, verification_id) VALUES (?, ?, ?)",
                r.projectId(), r.to(), r.id());
    }

    /** Records a send (first or re-send) for the rate limits. */
    void logSend(Connection tx, Row r, int seq, String clientIp, long at) throws SQLException {
        Database.update(tx, "INSERT INTO otp_sends (verification_id, seq, project_id, to_e164, country, client_ip,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", r.id(), seq, r.projectId(), r.to(), r.country(),
                clientIp, at);
    }

    /** A re-send: one more send on a pending verification that had {@code sends} of them (as {@code after} shows). */
    boolean resent(Connection tx, Row after, int sends, long at) throws SQLException {
        return Database.update(tx, "UPDATE otp_verifications SET sends = sends + 1, last_message_id = ?,"
                + " last_call_id = ?, channels = ?, fallback_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'"
                + " AND sends = ?", after.lastMessageId(), after.lastCallId(), after.channels(), after.fallbackAt(), at,
                after.id(), sends) == 1;
    }

    /** Records the code call of a pending verification (ending its fallback wait). */
    void called(Connection tx, Row after, long at) throws SQLException {
        Database.update(tx, "UPDATE otp_verifications SET last_call_id = ?, channels = ?, fallback_at = NULL,"
                + " updated_at = ? WHERE id = ?", after.lastCallId(), after.channels(), at, after.id());
    }

    /**
     * Takes the fallback of a pending auto verification (compare-and-set on {@code fallback_at}): true for the one
     * taker that is to place its call.
     */
    boolean takeFallback(Connection tx, String id) throws SQLException {
        return Database.update(tx, "UPDATE otp_verifications SET fallback_at = NULL WHERE id = ? AND status = 'pending'"
                + " AND fallback_at IS NOT NULL", id) == 1;
    }

    /**
     * Pending auto verifications whose call is due: the delay passed, or their SMS was reported undelivered or
     * failed.
     */
    List<Row> fallbackDue(long now, int limit) {
        return Database.list(db.exec(), "SELECT v.* FROM otp_verifications v LEFT JOIN sms_messages m ON"
                + " m.id = v.last_message_id WHERE v.fallback_at IS NOT NULL AND v.status = 'pending' AND"
                + " (v.fallback_at <= ? OR m.status IN ('undelivered', 'failed')) ORDER BY v.fallback_at LIMIT ?",
                OtpStore::row, now, limit);
    }

    /**
     * Counts one check on a pending verification with checks left (locking its row until the transaction ends).
     * Returns the checks made including this one, or empty when none may be made (no longer pending, or no
     * checks left).
     */
    Optional<Integer> countCheck(Connection tx, String id, long at) throws SQLException {
        if (Database.update(tx, "UPDATE otp_verifications SET checks = checks + 1, updated_at = ? WHERE id = ?"
                + " AND status = 'pending' AND checks < ?", at, id, MAX_CHECKS) == 0) {
            return Optional.empty();
        }
        return Database.one(tx, "SELECT checks FROM otp_verifications WHERE id = ?",
                r -> ((Number) r.apply("checks")).intValue(), id);
    }

    /** Moves a pending verification to terminal {@code to}; false when it was no longer pending. */
    boolean end(Connection tx, String id, OtpStatus to, String failure, long at) throws SQLException {
        OtpStatus.PENDING.requireMove(to, id);
        if (Database.update(tx, END, to.wire(), failure, at, at, id) != 1) {
            return false;
        }
        Database.update(tx, "DELETE FROM otp_pending WHERE verification_id = ?", id);
        return true;
    }

    Optional<Row> get(String projectId, String id) {
        return Database.one(db.exec(), "SELECT * FROM otp_verifications WHERE id = ? AND project_id = ?",
                OtpStore::row, id, projectId);
    }

    /** The newest verification of {@code to} in the project, whatever its state. */
    Optional<Row> latest(String projectId, String to) {
        return Database.list(db.exec(), "SELECT * FROM otp_verifications WHERE project_id = ? AND to_e164 = ?"
                + " ORDER BY id DESC LIMIT 1", OtpStore::row, projectId, to).stream().findFirst();
    }

    /** The newest pending verification of {@code to}, if any. */
    Optional<Row> pending(String projectId, String to) {
        return Database.list(db.exec(), "SELECT * FROM otp_verifications WHERE project_id = ? AND to_e164 = ?"
                + " AND status = 'pending' ORDER BY id DESC LIMIT 1", OtpStore::row, projectId, to).stream().findFirst();
    }

    /** Pending verifications whose TTL has passed, oldest first. */
    List<Row> due(long now, int limit) {
        return Database.list(db.exec(), "SELECT * FROM otp_verifications WHERE status = 'pending' AND expires_at <= ?"
                + " ORDER BY expires_at LIMIT ?", OtpStore::row, now, limit);
    }

    /** Pending verifications of a project's prefix (to block with it). */
    List<Row> pendingIn(String projectId, String prefix) {
        return Database.list(db.exec(), "SELECT * FROM otp_verifications WHERE project_id = ? AND prefix = ?"
                + " AND status = 'pending'", OtpStore::row, projectId, prefix);
    }

    /** Filters of the listing; null means any. */
    record Filter(OtpStatus status, String to, String channel) {
    }

    Page<Verification> list(String projectId, Filter f, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM otp_verifications WHERE project_id = ?");
        List<Object> params = new ArrayList<>(List.of(projectId));
        if (f.status() != null) {
            sql.append(" AND status = ?");
            params.add(f.status().wire());
        }
        if (f.to() != null) {
            sql.append(" AND to_e164 = ?");
            params.add(f.to());
        }
        if (f.channel() != null) {
            sql.append(" AND channel = ?");
            params.add(f.channel());
        }
        if (cursor != null) {
            sql.append(" AND id < ?");
            params.add(cursor);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit + 1);
        List<Verification> rows = Database.list(db.exec(), sql.toString(), r -> row(r).view(), params.toArray());
        return Page.of(rows, limit, Verification::id);
    }

    static Row row(DbRow r) {
        return new Row(Database.str(r, "id"), Database.str(r, "project_id"), Database.str(r, "to_e164"),
                Database.str(r, "country"), Database.str(r, "prefix"), Database.str(r, "channel"),
                OtpStatus.fromWire(Database.str(r, "status")), Database.str(r, "code_hash"),
                Database.str(r, "code_sealed"), Database.integer(r, "code_length"),
                new OtpTemplates.Style(Database.str(r, "locale"), Database.str(r, "app_name"),
                        Database.str(r, "template"), Database.str(r, "app_hash"), Database.str(r, "web_otp_domain"),
                        0),
                Database.str(r, "client_ip"), Database.integer(r, "sends"), Database.integer(r, "checks"),
                Database.str(r, "last_message_id"), Database.str(r, "failure"), Database.lng(r, "expires_at"),
                Database.lng(r, "created_at"), Database.lng(r, "updated_at"), Database.nullableLong(r, "ended_at"),
                Optional.ofNullable(Database.str(r, "channels")).orElse(Database.str(r, "channel")),
                Database.str(r, "last_call_id"), Database.nullableLong(r, "fallback_at"));
    }
}
