package dev.cantila.engine.twilio;

import dev.cantila.engine.storage.Database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A project's Twilio-style credentials: an {@code AccountSid} ({@code AC} + 32 hex digits, derived from the project
 * id so it never changes) and an auth token (32 hex digits, as Twilio's) that signs every request a {@code twilio}
 * URL route sends.
 *
 * <p>Storage: the token is kept as it is, not hashed. X-Twilio-Signature is an HMAC keyed by the token, so the
 * engine needs the token itself each time it signs, exactly as it needs the webhook signing secrets it also keeps;
 * a hash could verify a token presented to us but could not sign. The API shows the token once (when it is issued
 * or rotated) and afterwards only its last four characters. A project that never asked for one gets one made on
 * its first Twilio request (signed, but not shown: rotate to learn it).
 *
 * <p>Concurrency: two engine instances issuing the first token at once both insert; the primary key lets one win
 * and the other reads the winner's.
 */
public final class TwilioAccounts {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Clock clock;

    public TwilioAccounts(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** What signs a project's requests. */
    public record Credentials(String accountSid, String authToken) {
        @Override
        public String toString() {
            return "Credentials[" + accountSid + "]";
        }
    }

    /** What the API shows: the token only when it was just issued, otherwise its last four characters. */
    public record Account(String accountSid, String authToken, String authTokenLast4, Instant createdAt,
                          Instant rotatedAt) {
    }

    /** The AccountSid every request for {@code projectId} carries. */
    public static String accountSid(String projectId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(projectId.getBytes(StandardCharsets.UTF_8));
            return "AC" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The project's credentials, made on first use. */
    public Credentials credentials(String projectId) {
        Optional<Credentials> existing = read(projectId);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            long now = clock.millis();
            Database.update(db.exec(), "INSERT INTO twilio_accounts (project_id, account_sid, auth_token, created_at,"
                    + " rotated_at) VALUES (?, ?, ?, ?, ?)", projectId, accountSid(projectId), newToken(), now, now);
        } catch (RuntimeException e) {
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
        }
        return read(projectId).orElseThrow();
    }

    /** The account without its token; a project that has none yet shows no token. */
    public Account show(String projectId) {
        return Database.one(db.exec(), "SELECT * FROM twilio_accounts WHERE project_id = ?", r -> {
            String token = Database.str(r, "auth_token");
            return new Account(Database.str(r, "account_sid"), null, token.substring(token.length() - 4),
                    Instant.ofEpochMilli(Database.lng(r, "created_at")),
                    Instant.ofEpochMilli(Database.lng(r, "rotated_at")));
        }, projectId).orElse(new Account(accountSid(projectId), null, null, null, null));
    }

    /** A new auth token, shown in the answer this once; the previous one stops signing at once. */
    public Account rotate(String projectId) {
        credentials(projectId);
        String token = newToken();
        long now = clock.millis();
        Database.update(db.exec(), "UPDATE twilio_accounts SET auth_token = ?, rotated_at = ? WHERE project_id = ?",
                token, now, projectId);
        Account shown = show(projectId);
        return new Account(shown.accountSid(), token, token.substring(token.length() - 4), shown.createdAt(),
                shown.rotatedAt());
    }

    /**
     * The project whose AccountSid and current auth token these are (HTTP Basic on a recording's audio), compared
     * in constant time; empty for anything else.
     */
    public Optional<String> authenticate(String accountSid, String authToken) {
        if (accountSid == null || authToken == null || accountSid.length() != 34 || authToken.length() > 64) {
            return Optional.empty();
        }
        return Database.one(db.exec(), "SELECT project_id, auth_token FROM twilio_accounts WHERE account_sid = ?",
                r -> MessageDigest.isEqual(Database.str(r, "auth_token").getBytes(StandardCharsets.UTF_8),
                        authToken.getBytes(StandardCharsets.UTF_8)) ? Database.str(r, "project_id") : null,
                accountSid);
    }

    private Optional<Credentials> read(String projectId) {
        return Database.one(db.exec(), "SELECT account_sid, auth_token FROM twilio_accounts WHERE project_id = ?",
                r -> new Credentials(Database.str(r, "account_sid"), Database.str(r, "auth_token")), projectId);
    }

    private static String newToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
