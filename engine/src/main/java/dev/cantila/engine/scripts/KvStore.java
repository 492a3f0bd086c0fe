package dev.cantila.engine.scripts;

import dev.cantila.scripts.KvRules;

import dev.cantila.engine.storage.Database;

import java.time.Clock;

/**
 * {@code ctx.kv}: a small per-project key-value store for handlers. Limits: keys 1-128 characters, values (JSON
 * text) at most 16 KB, at most 1,000 keys per project; a breach is an error the script sees.
 */
final class KvStore {
    static final int MAX_KEYS = KvRules.MAX_KEYS;

    private final Database db;
    private final Clock clock;

    KvStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    String get(String project, String key) {
        check(key);
        return Database.one(db.exec(), "SELECT kv_value FROM kv_entries WHERE project_id = ? AND kv_key = ?",
                r -> Database.str(r, "kv_value"), project, key).orElse(null);
    }

    void set(String project, String key, String json) {
        check(key);
        KvRules.checkValue(json);
        long now = clock.millis();
        db.inTx(tx -> {
            if (Database.update(tx, "UPDATE kv_entries SET kv_value = ?, updated_at = ? WHERE project_id = ?"
                    + " AND kv_key = ?", json, now, project, key) == 0) {
                long n = Database.one(tx, "SELECT COUNT(*) AS n FROM kv_entries WHERE project_id = ?",
                        r -> Database.lng(r, "n"), project).orElse(0L);
                if (n >= MAX_KEYS) {
                    throw KvRules.full();
                }
                Database.update(tx, "INSERT INTO kv_entries (project_id, kv_key, kv_value, updated_at) VALUES (?, ?, ?, ?)",
                        project, key, json, now);
            }
            return null;
        });
    }

    boolean delete(String project, String key) {
        check(key);
        return Database.update(db.exec(), "DELETE FROM kv_entries WHERE project_id = ? AND kv_key = ?", project, key) > 0;
    }

    private static void check(String key) {
        KvRules.checkKey(key);
    }
}
