package dev.cantila.engine.projects;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects (tenants) and their environment variables. Variables whose names start with {@code CANTILA_} are
 * managed by the platform (SMS activation sets them) and cannot be written through the API.
 */
public final class Projects {
    public static final int MAX_ENV_VARS = 100;

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final ApiKeys keys;

    public Projects(Database db, Ids ids, Clock clock, ApiKeys keys) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.keys = keys;
    }

    public record Project(String id, String name, String helpText, Instant createdAt) {
    }

    /** A new project with its key in clear (shown once). */
    public record Created(String id, String name, String apiKey, Instant createdAt) {
    }

    /** One variable; {@code value} is masked for secrets. */
    public record EnvVar(String name, String value, boolean secret) {
    }

    public Created create(String name, String helpText) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 200) {
            throw ApiException.invalid("name", "name is required, 1-200 characters");
        }
        if (helpText != null && helpText.length() > 480) {
            throw ApiException.invalid("helpText", "helpText is at most 480 characters");
        }
        String id = ids.next("proj");
        long now = clock.millis();
        String token = db.inTx(tx -> {
            Database.update(tx, "INSERT INTO projects (id, name, help_text, created_at) VALUES (?, ?, ?, ?)",
                    id, clean, helpText, now);
            return keys.issue(tx, id, ApiKeys.SCOPE_PROJECT).token();
        });
        return new Created(id, clean, token, Instant.ofEpochMilli(now));
    }

    public boolean exists(String id) {
        return Database.one(db.exec(), "SELECT 1 AS x FROM projects WHERE id = ?", r -> true, id).isPresent();
    }

    public Project get(String id) {
        return Database.one(db.exec(), "SELECT * FROM projects WHERE id = ?", Projects::project, id)
                .orElseThrow(() -> ApiException.notFound("project", id));
    }

    public Page<Project> list(String cursor, int limit) {
        List<Project> rows = cursor == null
                ? Database.list(db.exec(), "SELECT * FROM projects ORDER BY id DESC LIMIT ?", Projects::project, limit + 1)
                : Database.list(db.exec(), "SELECT * FROM projects WHERE id < ? ORDER BY id DESC LIMIT ?",
                Projects::project, cursor, limit + 1);
        return Page.of(rows, limit, Project::id);
    }

    public Project update(String id, String name, String helpText) {
        Project p = get(id);
        String newName = name == null ? p.name() : name.strip();
        if (newName.isEmpty() || newName.length() > 200) {
            throw ApiException.invalid("name", "name must be 1-200 characters");
        }
        if (helpText != null && helpText.length() > 480) {
            throw ApiException.invalid("helpText", "helpText is at most 480 characters");
        }
        Database.update(db.exec(), "UPDATE projects SET name = ?, help_text = ? WHERE id = ?",
                newName, helpText == null ? p.helpText() : helpText, id);
        return get(id);
    }

    /** The environment as a script sees it: names to clear values. */
    public Map<String, String> env(String projectId) {
        Map<String, String> out = new LinkedHashMap<>();
        Database.list(db.exec(), "SELECT name, env_value FROM project_env WHERE project_id = ? ORDER BY name",
                r -> Map.entry(Database.str(r, "name"), Database.str(r, "env_value")), projectId)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** The environment as the API shows it: secrets masked to their last four characters. */
    public List<EnvVar> envMasked(String projectId) {
        get(projectId);
        return Database.list(db.exec(), "SELECT name, env_value, secret FROM project_env WHERE project_id = ? ORDER BY name",
                r -> {
                    boolean secret = Database.bool(r, "secret");
                    String value = Database.str(r, "env_value");
                    return new EnvVar(Database.str(r, "name"), secret ? mask(value) : value, secret);
                }, projectId);
    }

    /** Sets a customer variable; {@code CANTILA_*} names are reserved for the platform. */
    public void putEnv(String projectId, String name, String value, boolean secret) {
        get(projectId);
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            throw ApiException.invalid("name", "a variable name is letters, digits and _, not starting with a digit");
        }
        if (name.startsWith("CANTILA_")) {
            throw ApiException.invalid("reserved_name", "name", name + " is managed by Cantila and cannot be set");
        }
        if (value == null || value.length() > 4096) {
            throw ApiException.invalid("value", "value is required, at most 4096 characters");
        }
        long count = Database.one(db.exec(), "SELECT COUNT(*) AS n FROM project_env WHERE project_id = ? AND name <> ?",
                r -> Database.lng(r, "n"), projectId, name).orElse(0L);
        if (count >= MAX_ENV_VARS) {
            throw ApiException.unprocessable("env_limit", "a project has at most " + MAX_ENV_VARS + " variables", "name");
        }
        db.inTx(tx -> {
            setEnv(tx, projectId, name, value, secret);
            return null;
        });
    }

    public void deleteEnv(String projectId, String name) {
        get(projectId);
        if (name.startsWith("CANTILA_")) {
            throw ApiException.invalid("reserved_name", "name", name + " is managed by Cantila and cannot be removed");
        }
        if (Database.update(db.exec(), "DELETE FROM project_env WHERE project_id = ? AND name = ?", projectId, name) == 0) {
            throw ApiException.notFound("variable", name);
        }
    }

    /** Platform use (SMS activation): upsert a variable inside the caller's transaction. */
    public void setEnv(DbExecute tx, String projectId, String name, String value, boolean secret) {
        long now = clock.millis();
        if (Database.update(tx, "UPDATE project_env SET env_value = ?, secret = ?, updated_at = ? WHERE project_id = ? AND name = ?",
                value, secret, now, projectId, name) == 0) {
            Database.update(tx, "INSERT INTO project_env (project_id, name, env_value, secret, updated_at) VALUES (?, ?, ?, ?, ?)",
                    projectId, name, value, secret, now);
        }
    }

    public void removeEnv(DbExecute tx, String projectId, String name) {
        Database.update(tx, "DELETE FROM project_env WHERE project_id = ? AND name = ?", projectId, name);
    }

    /**
     * The secret that signs this project's per-message {@code statusCallback} deliveries, made on first use. A
     * compare-and-set keeps two instances from making two.
     */
    public String callbackSecret(String projectId) {
        get(projectId);
        Database.update(db.exec(), "UPDATE projects SET callback_secret = ? WHERE id = ? AND callback_secret IS NULL",
                "whsec_" + Ids.secret(40), projectId);
        return Database.one(db.exec(), "SELECT callback_secret FROM projects WHERE id = ?",
                r -> Database.str(r, "callback_secret"), projectId).orElseThrow();
    }

    static String mask(String value) {
        return value.length() <= 8 ? "****" : "****" + value.substring(value.length() - 4);
    }

    private static Project project(DbRow r) {
        return new Project(Database.str(r, "id"), Database.str(r, "name"), Database.str(r, "help_text"),
                Instant.ofEpochMilli(Database.lng(r, "created_at")));
    }
}
