package dev.cantila.engine.otp;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Hashes;
import dev.cantila.engine.storage.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code Idempotency-Key} of {@code POST …/otp/request} ({@code otp_idempotency}), as on {@code /sms/send}: a key
 * names one request (its fingerprint); the same key with the same request replays its verification, with another
 * request it is a 409.
 */
final class OtpIdempotency {
    private final Database db;

    OtpIdempotency(Database db) {
        this.db = db;
    }

    /** 400 naming the header when it is blank or longer than 255 characters. */
    static void check(String key) {
        if (key != null && (key.isBlank() || key.length() > 255)) {
            throw ApiException.invalid("Idempotency-Key", "the Idempotency-Key header must be 1-255 characters");
        }
    }

    void remember(Connection tx, String projectId, String key, String fingerprint, String id, long now)
            throws SQLException {
        if (key != null) {
            Database.update(tx, "INSERT INTO otp_idempotency (project_id, idem_key, request_hash, verification_id,"
                    + " created_at) VALUES (?, ?, ?, ?, ?)", projectId, key, fingerprint, id, now);
        }
    }

    /** The verification an earlier request with {@code key} made, if any (409 when that request was another). */
    Optional<String> replay(String projectId, String key, String fingerprint) {
        return Database.one(db.exec(), "SELECT request_hash, verification_id FROM otp_idempotency WHERE project_id = ?"
                + " AND idem_key = ?", row -> row, projectId, key).map(row -> {
                    if (!fingerprint.equals(Database.str(row, "request_hash"))) {
                        throw ApiException.conflict("idempotency_key_reused", "Idempotency-Key '" + key
                                + "' was used for a different request; use a new key for a new request");
                    }
                    return Database.str(row, "verification_id");
                });
    }

    /** Every field, length-prefixed so that boundaries are unambiguous. */
    static String fingerprint(Otp.Request r) {
        StringBuilder b = new StringBuilder();
        for (Object f : new Object[] {r.to(), r.channel(), r.codeLength(), r.ttlSeconds(), r.locale(), r.appName(),
                r.template(), r.appHash(), r.webOtpDomain(), r.clientIp()}) {
            String s = f == null ? null : f.toString();
            b.append(s == null ? "-1" : s.length()).append(':').append(s == null ? "" : s);
        }
        return Hashes.sha256Hex(b.toString());
    }
}
