package dev.cantila.engine.projects;

import dev.cantila.engine.core.Hashes;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.http.Caller;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbExecute;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API keys: the operator key and per-project keys. Only SHA-256 hashes are stored (keys are 160-bit random,
 * so a slow hash adds nothing); comparison is {@link MessageDigest#isEqual}, constant time.
 *
 * <p>A project key reads {@code ck_<key id>_<secret>}: the id finds the row, the secret is compared by hash.
 * Any other token is compared with the operator key.
 */
public final class ApiKeys {
    public static final String SCOPE_PROJECT = "project";
    public static final String SCOPE_SMS = "sms";

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final byte[] operatorHash;

    private ApiKeys(Database db, Ids ids, Clock clock, byte[] operatorHash) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.operatorHash = operatorHash;
    }

    /**
     * @param configured the operator key from the environment, or null: then the stored one is used, or, on the
     *                   very first start, one is generated, its hash stored, and the key handed to
     *                   {@code announce} to be printed once
     */
    public static ApiKeys start(Database db, Ids ids, Clock clock, String configured,
                                java.util.function.Consumer<String> announce) {
        byte[] hash;
        if (configured != null) {
            hash = Hashes.sha256(configured);
        } else {
            Optional<String> stored = Database.one(db.exec(), "SELECT setting_value FROM settings WHERE name = ?",
                    r -> Database.str(r, "setting_value"), "operator_key_sha256");
            if (stored.isPresent()) {
                hash = HexFormat.of().parseHex(stored.get());
            } else {
                String key = "cop_" + Ids.secret(40);
                hash = Hashes.sha256(key);
                Database.update(db.exec(), "INSERT INTO settings (name, setting_value) VALUES (?, ?)",
                        "operator_key_sha256", HexFormat.of().formatHex(hash));
                announce.accept(key);
            }
        }
        return new ApiKeys(db, ids, clock, hash);
    }

    public Optional<Caller> authenticate(String token) {
        if (token.startsWith("ck_")) {
            int sep = token.indexOf('_', 3);
            if (sep < 0) {
                return Optional.empty();
            }
            String keyId = "key_" + token.substring(3, sep);
            byte[] presented = Hashes.sha256(token.substring(sep + 1));
            return Database.one(db.exec(),
                            "SELECT project_id, scope, secret_hash FROM api_keys WHERE id = ? AND revoked_at IS NULL",
                            r -> r, keyId)
                    .filter(r -> MessageDigest.isEqual(presented,
                            HexFormat.of().parseHex(Database.str(r, "secret_hash"))))
                    .map(r -> new Caller(SCOPE_SMS.equals(Database.str(r, "scope")) ? Caller.Role.SMS
                            : Caller.Role.PROJECT, Database.str(r, "project_id")));
        }
        return MessageDigest.isEqual(Hashes.sha256(token), operatorHash) ? Optional.of(Caller.operator()) : Optional.empty();
    }

    /** Creates a key and returns it in clear: the only time it is ever visible. */
    public IssuedKey issue(DbExecute tx, String projectId, String scope) {
        String keyId = ids.next("key");
        String secret = Ids.secret(40);
        Database.update(tx, "INSERT INTO api_keys (id, project_id, scope, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                keyId, projectId, scope, HexFormat.of().formatHex(Hashes.sha256(secret)), clock.millis());
        return new IssuedKey(keyId, "ck_" + keyId.substring(4) + "_" + secret);
    }

    public void revoke(DbExecute tx, String keyId) {
        Database.update(tx, "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                clock.millis(), keyId);
    }

    /** A freshly issued key: its id (stored) and the token (shown once). */
    public record IssuedKey(String id, String token) {
    }
}
