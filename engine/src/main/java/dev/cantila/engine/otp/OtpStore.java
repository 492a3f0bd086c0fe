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
            + " web_otp_domain, client_ip, sends, checks, last_message_id, expires_at, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, ?, ?)";
    private static final String END = "UPDATE otp_verifications SET status = ?, failure = ?, code_sealed = NULL,"
            + " ended_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'";

    private final Database db;

    OtpStore(Database db) {
        this.db = db;
    }

    /** A verification row, secrets included: never leaves the package; {@link #view} is what the API shows. */
    record Row(String id, String projectId, String to, String country, String prefix, String channel,
               OtpStatus status, String codeHash, String codeSealed, int codeLength, OtpTemplates.Style style,
               String clientIp, int sends, int checks, String lastMessageId, String failure, long expiresAt,
               long createdAt, long updatedAt, Long endedAt) {

        /** This row after one more send. */
        Row resent(String messageId, long at) {
            return new Row(id, projectId, to, country, prefix, channel, status, codeHash, codeSealed, codeLength, style,
                    clientIp, sends + 1, checks, messageId, failure, expiresAt, createdAt, at, endedAt);
        }

        Verification view() {
            return new Verification(id, projectId, to, channel, status.wire(), style.locale(), sends,
                    Math.max(0, MAX_CHECKS - checks), Instant.ofEpochMilli(expiresAt), failure, lastMessageId,
                    Instant.ofEpochMilli(createdAt), Instant.ofEpochMilli(updatedAt),
                    endedAt == null ? null : Instant.ofEpochMilli(endedAt));
        }
    }

    void insert(Connection tx, Row r) throws SQLException {
        OtpTemplates.Style s = r.style();
        Database.update(tx, INSERT, r.id(), r.projectId(), r.to(), r.country(), r.prefix(), r.channel(),
                r.status().wire(), r.codeHash(), r.codeSealed(), r.codeLength(), s.locale(), s.appName(), s.template(),
                s.appHash(), s.webOtpDomain(), r.clientIp(), r.lastMessageId(), r.expiresAt(), r.createdAt(),
                r.updatedAt());
    }

    /** Records a send (first or re-send) for the rate limits. */
    void logSend(Connection tx, Row r, int seq, String clientIp, long at) throws SQLException {
        Database.update(tx, "INSERT INTO otp_sends (verification_id, seq, project_id, to_e164, country, client_ip,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", r.id(), seq, r.projectId(), r.to(), r.country(),
                clientIp, at);
    }

    /** A re-send: one more send on a pending verification that had {@code sends} of them. */
    boolean resent(Connection tx, String id, int sends, String messageId, long at) throws SQLException {
        return Database.update(tx, "UPDATE otp_verifications SET sends = sends + 1, last_message_id = ?,"
                + " updated_at = ? WHERE id = ? AND status = 'pending' AND sends = ?", messageId, at, id, sends) == 1;
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
        return Database.update(tx, END, to.wire(), failure, at, at, id) == 1;
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
                Database.lng(r, "created_at"), Database.lng(r, "updated_at"), Database.nullableLong(r, "ended_at"));
    }
}
