package dev.cantila.engine.scripts;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.http.Limits;
import dev.cantila.runtime.CompiledScript;
import dev.cantila.runtime.FunctionsProject;
import dev.cantila.runtime.Handler;
import dev.cantila.runtime.ScriptCompileException;
import dev.cantila.runtime.ScriptRuntime;
import io.helidon.dbclient.DbRow;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Handlers as artifacts: a script has immutable versions, each validated at upload (it compiles, exports
 * {@code onSms} and/or {@code onCall}, at most 256 KB) and identified by its content hash; one version is
 * deployed. Uploading source identical to an existing version returns that version. Creating a script deploys
 * its first version; later versions are deployed explicitly (or with {@code deploy: true}), and deploying an
 * earlier version is the rollback. A version may instead be a Twilio Functions project ({@link ScriptFiles}): its
 * files are validated together ({@link ScriptRuntime#compileFunctions}) and its hash covers them all.
 */
public final class Scripts {
    private static final int COMPILED_CACHE = 512;

    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final Supplier<ScriptRuntime> runtime;
    private final Map<String, Object> compiled = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                    return size() > COMPILED_CACHE;
                }
            });

    public Scripts(Database db, Clock clock, Ids ids, Supplier<ScriptRuntime> runtime) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.runtime = runtime;
    }

    public record Script(String id, String projectId, String name, Integer deployedVersion, int versions,
                         Instant createdAt, Instant updatedAt) {
    }

    /**
     * A version: {@code format} {@code cantila} (an ES module: {@code source}) or {@code twilio} (a Functions
     * project: {@code files}, and {@code functions}, the paths a route may name). Lists leave source and files out.
     */
    public record Version(String scriptId, int version, String contentHash, List<String> handlers, int sizeBytes,
                          Instant createdAt, String source, String format, List<ScriptFiles.File> files,
                          List<String> functions) {
    }

    public Script create(String projectId, String name, String source) {
        return create(projectId, name, new ScriptFiles.Upload(source, null));
    }

    Script create(String projectId, String name, ScriptFiles.Upload upload) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 100) {
            throw ApiException.invalid("name", "name is required, 1-100 characters");
        }
        String id = ids.next("scr");
        Object c = compile(id, 1, clean, upload);
        long now = clock.millis();
        try {
            db.inTx(tx -> {
                Database.update(tx, "INSERT INTO scripts (id, project_id, name, deployed_version, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 1, ?, ?)", id, projectId, clean, now, now);
                insertVersion(tx, id, 1, c, upload, now);
                return null;
            });
        } catch (RuntimeException e) {
            if (Database.isUniqueViolation(e)) {
                throw ApiException.conflict("script_name_taken", "project " + projectId + " already has a script named '"
                        + clean + "'; upload a new version of it instead");
            }
            throw e;
        }
        return get(projectId, id);
    }

    /** A new version (or the existing one with the same content); deployed at once when {@code deploy}. */
    public Version addVersion(String projectId, String scriptId, String source, boolean deploy) {
        return addVersion(projectId, scriptId, new ScriptFiles.Upload(source, null), deploy);
    }

    Version addVersion(String projectId, String scriptId, ScriptFiles.Upload upload, boolean deploy) {
        Script s = get(projectId, scriptId);
        String hash = hash(upload);
        Optional<Integer> same = Database.one(db.exec(), "SELECT version FROM script_versions WHERE script_id = ?"
                + " AND content_hash = ?", r -> Database.integer(r, "version"), scriptId, hash);
        int version = same.orElseGet(() -> {
            int next = Database.one(db.exec(), "SELECT COALESCE(MAX(version), 0) + 1 AS v FROM script_versions"
                    + " WHERE script_id = ?", r -> Database.integer(r, "v"), scriptId).orElse(1);
            Object c = compile(scriptId, next, s.name(), upload);
            long now = clock.millis();
            db.inTx(tx -> {
                insertVersion(tx, scriptId, next, c, upload, now);
                Database.update(tx, "UPDATE scripts SET updated_at = ? WHERE id = ?", now, scriptId);
                return null;
            });
            return next;
        });
        if (deploy) {
            deploy(projectId, scriptId, version);
        }
        return version(projectId, scriptId, version);
    }

    public Script deploy(String projectId, String scriptId, int version) {
        get(projectId, scriptId);
        version(projectId, scriptId, version);
        Database.update(db.exec(), "UPDATE scripts SET deployed_version = ?, updated_at = ? WHERE id = ?", version,
                clock.millis(), scriptId);
        // A deployment (a rollback too) starts with fresh module state: no warm context of the project serves on.
        runtime.get().discardWarm(projectId);
        return get(projectId, scriptId);
    }

    public Script get(String projectId, String scriptId) {
        return Database.one(db.exec(), "SELECT s.*, (SELECT COUNT(*) FROM script_versions v WHERE v.script_id = s.id)"
                + " AS n FROM scripts s WHERE s.id = ? AND s.project_id = ?", Scripts::script, scriptId, projectId)
                .orElseThrow(() -> ApiException.notFound("script", scriptId));
    }

    public List<Script> list(String projectId) {
        return Database.list(db.exec(), "SELECT s.*, (SELECT COUNT(*) FROM script_versions v WHERE v.script_id = s.id)"
                + " AS n FROM scripts s WHERE s.project_id = ? ORDER BY s.id DESC", Scripts::script, projectId);
    }

    public List<Version> versions(String projectId, String scriptId) {
        get(projectId, scriptId);
        return Database.list(db.exec(), "SELECT * FROM script_versions WHERE script_id = ? ORDER BY version DESC",
                r -> version(r, false), scriptId);
    }

    public Version version(String projectId, String scriptId, int version) {
        get(projectId, scriptId);
        return Database.one(db.exec(), "SELECT * FROM script_versions WHERE script_id = ? AND version = ?",
                r -> version(r, true), scriptId, version)
                .orElseThrow(() -> ApiException.notFound("version", scriptId + "@" + version));
    }

    /** The deployed version of the project's script, compiled (see the other {@code deployed}), if it has one. */
    Optional<Deployed> deployed(String projectId, String scriptId) {
        return Database.one(db.exec(), "SELECT name, deployed_version FROM scripts WHERE id = ? AND project_id = ?",
                r -> r, scriptId, projectId).flatMap(r -> {
            Object version = Database.value(r, "deployed_version");
            return deployed(scriptId, Database.str(r, "name"), version == null ? null : ((Number) version).intValue());
        });
    }

    /**
     * A script version ready to run, compiled once per version (versions are immutable); the source is read only
     * when the version is not in the cache. Empty when {@code version} is null (nothing deployed).
     */
    Optional<Deployed> deployed(String scriptId, String name, Integer version) {
        if (version == null) {
            return Optional.empty();
        }
        Object c = compiled.computeIfAbsent(scriptId + "@" + version, k -> compile(scriptId, version, name,
                Database.one(db.exec(), "SELECT source, handlers FROM script_versions WHERE script_id = ? AND version = ?",
                        r -> upload(Database.str(r, "source"), Database.str(r, "handlers")), scriptId, version)
                        .orElseThrow(() -> new IllegalStateException("deployed version " + k + " has no source"))));
        return Optional.of(c instanceof FunctionsProject f ? new Deployed(scriptId, version, null, f)
                : new Deployed(scriptId, version, (CompiledScript) c, null));
    }

    /** A deployed script version ready to run: a module ({@code compiled}) or a Functions project ({@code functions}). */
    record Deployed(String scriptId, int version, CompiledScript compiled, FunctionsProject functions) {
    }

    private static ScriptFiles.Upload upload(String stored, String handlers) {
        return ScriptFiles.FUNCTIONS.equals(handlers) ? new ScriptFiles.Upload(null, ScriptFiles.decode(stored))
                : new ScriptFiles.Upload(stored, null);
    }

    private Object compile(String scriptId, int version, String name, ScriptFiles.Upload upload) {
        if (!upload.functions()) {
            return compile(scriptId, version, name, upload.source());
        }
        try {
            FunctionsProject p = runtime.get().compileFunctions(scriptId + "@" + version, upload.files());
            if (ScriptFiles.encode(upload.files()).length() > Limits.SCRIPT_SOURCE) {
                throw ApiException.invalid("script_too_large", "files", "the project's files, stored as JSON, exceed "
                        + Limits.SCRIPT_SOURCE + " characters");
            }
            return p;
        } catch (ScriptCompileException e) {
            throw ApiException.invalid("script_invalid", "files", e.getMessage());
        }
    }

    private CompiledScript compile(String scriptId, int version, String name, String source) {
        if (source == null || source.isBlank()) {
            throw ApiException.invalid("source", "source is required: an ES module exporting onSms and/or onCall");
        }
        if (source.getBytes(StandardCharsets.UTF_8).length > ScriptRuntime.MAX_SOURCE_BYTES) {
            throw ApiException.invalid("script_too_large", "source", "a script is at most "
                    + ScriptRuntime.MAX_SOURCE_BYTES / 1024 + " KB");
        }
        try {
            return runtime.get().compile(scriptId + "@" + version, fileName(name), source);
        } catch (ScriptCompileException e) {
            throw ApiException.invalid("script_invalid", "source", e.fileName() + ":" + e.line() + ":" + e.column()
                    + ": " + e.message());
        }
    }

    private void insertVersion(io.helidon.dbclient.DbExecute tx, String scriptId, int version, Object c,
                               ScriptFiles.Upload upload, long now) {
        Database.update(tx, "INSERT INTO script_versions (script_id, version, content_hash, source, handlers, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", scriptId, version, hash(upload),
                upload.functions() ? ScriptFiles.encode(upload.files()) : upload.source(),
                c instanceof CompiledScript m ? m.handlers().stream().map(Handler::exportName).sorted()
                        .collect(Collectors.joining(",")) : ScriptFiles.FUNCTIONS, now);
    }

    static String fileName(String name) {
        String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return base.endsWith(".js") || base.endsWith(".mjs") ? base : base + ".js";
    }

    private static String hash(ScriptFiles.Upload upload) {
        return upload.functions() ? FunctionsProject.hash(upload.files())
                : dev.cantila.engine.core.Hashes.sha256Hex(upload.source() == null ? "" : upload.source());
    }

    private static Script script(DbRow r) {
        Object deployed = Database.value(r, "deployed_version");
        return new Script(Database.str(r, "id"), Database.str(r, "project_id"), Database.str(r, "name"),
                deployed == null ? null : ((Number) deployed).intValue(), Database.integer(r, "n"),
                Instant.ofEpochMilli(Database.lng(r, "created_at")), Instant.ofEpochMilli(Database.lng(r, "updated_at")));
    }

    private static Version version(DbRow r, boolean withSource) {
        String source = Database.str(r, "source");
        String handlers = Database.str(r, "handlers");
        if (ScriptFiles.FUNCTIONS.equals(handlers)) {
            Map<String, String> files = ScriptFiles.decode(source);
            int size = files.values().stream().mapToInt(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
            List<String> paths = files.keySet().stream().filter(p -> p.startsWith("functions/") && p.endsWith(".js")
                    && !p.endsWith(".private.js")).map(p -> "/" + p.substring("functions/".length(), p.length() - 3)
                    .replaceAll("\\.protected$", "")).toList();
            return new Version(Database.str(r, "script_id"), Database.integer(r, "version"),
                    Database.str(r, "content_hash"), List.of(), size, Instant.ofEpochMilli(Database.lng(r, "created_at")),
                    null, "twilio", withSource ? ScriptFiles.list(files) : null, paths);
        }
        return new Version(Database.str(r, "script_id"), Database.integer(r, "version"), Database.str(r, "content_hash"),
                List.of(handlers.split(",")), source.getBytes(StandardCharsets.UTF_8).length,
                Instant.ofEpochMilli(Database.lng(r, "created_at")), withSource ? source : null, "cantila", null, null);
    }
}
