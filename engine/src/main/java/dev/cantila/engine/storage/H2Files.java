package dev.cantila.engine.storage;

import dev.cantila.engine.config.Settings.DbSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The embedded H2 file's format, checked before the engine opens it.
 *
 * <p>Why: Cantila ran on H2 2.5.252 until 2026-12-03, whose writer can lose the newest acknowledged commits at a
 * {@code kill -9} (it rewrites the store header naming the previous chunk when a chunk lands in reused space, so
 * recovery never reaches the new one; bench/README.md "kill -9 on H2" has the evidence: one kill in 3 to 30 lost
 * writes, and none in 200 on 2.4.240). The engine now runs on H2 2.4.240, which cannot read a 2.5 file. So every
 * file this engine creates gets a marker beside it ({@code <name>.h2format}, the H2 version that wrote it), and a
 * file without one — written by an earlier Cantila, on 2.5.252 — is converted once at start-up: exported to SQL by
 * the 2.5.252 jar in a child JVM ({@code h2-legacy/} beside the engine's jar, copied there by the build), the old file
 * kept as {@code <name>.mv.db.h2-2.5.252.bak}, and the SQL loaded into a new file. A failed conversion puts the old
 * file back and stops the start with the reason; nothing is deleted.
 */
public final class H2Files {
    /** The H2 version files of this engine are written by (the {@code h2.version} of the build). */
    public static final String FORMAT = "2.4.240";
    static final String LEGACY = "2.5.252";
    private static final Logger LOG = Logger.getLogger(H2Files.class.getName());

    private H2Files() {
    }

    /** Checks (and if needed converts) the H2 file {@code settings} names; nothing for PostgreSQL or in-memory H2. */
    public static void prepare(DbSettings settings) {
        Optional<Path> base = fileOf(settings.url());
        if (base.isEmpty()) {
            return;
        }
        Path db = base.get().resolveSibling(base.get().getFileName() + ".mv.db");
        Path marker = base.get().resolveSibling(base.get().getFileName() + ".h2format");
        try {
            if (Files.exists(db) && !Files.exists(marker)) {
                convert(settings, db);
            }
            if (!Files.exists(marker)) {
                Files.createDirectories(marker.toAbsolutePath().getParent());
                Files.writeString(marker, FORMAT + "\n");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot check the H2 file " + db + ": " + e.getMessage(), e);
        }
    }

    /** The file path of an embedded H2 URL ({@code jdbc:h2:file:/x/cantila;…} or {@code jdbc:h2:/x/cantila}). */
    static Optional<Path> fileOf(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length());
        int semi = rest.indexOf(';');
        rest = semi < 0 ? rest : rest.substring(0, semi);
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:")
                || rest.startsWith("zip:")) {
            return Optional.empty();
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        return rest.isEmpty() ? Optional.empty() : Optional.of(Path.of(rest));
    }

    private static void convert(DbSettings settings, Path db) throws IOException {
        Path jar = legacyJar();
        Path sql = db.resolveSibling(db.getFileName() + ".h2-" + LEGACY + ".sql");
        Path backup = db.resolveSibling(db.getFileName() + ".h2-" + LEGACY + ".bak");
        LOG.warning("the H2 file " + db + " was written by H2 " + LEGACY + " (an earlier Cantila), whose recovery after"
                + " kill -9 can lose acknowledged writes; converting it to H2 " + FORMAT + " (the old file is kept as "
                + backup.getFileName() + ")");
        export(jar, settings, sql);
        Files.move(db, backup, StandardCopyOption.ATOMIC_MOVE);
        try {
            org.h2.tools.RunScript.execute(settings.url(), settings.user(), settings.password(), sql.toString(),
                    StandardCharsets.UTF_8, false);
        } catch (SQLException | RuntimeException e) {
            Files.deleteIfExists(db);
            Files.move(backup, db, StandardCopyOption.ATOMIC_MOVE);
            throw new IllegalStateException("could not load the H2 " + LEGACY + " export " + sql + " into H2 " + FORMAT
                    + " (the file " + db + " is back as it was): " + e.getMessage(), e);
        }
        Files.delete(sql);
        LOG.warning("the H2 file " + db + " is converted to H2 " + FORMAT + "; " + backup.getFileName()
                + " can be deleted once the engine runs as expected");
    }

    /** {@code SCRIPT TO} with the legacy jar in a child JVM (its classes cannot share this one's with H2 2.4). */
    private static void export(Path jar, DbSettings settings, Path sql) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", jar.toString(), "org.h2.tools.Script",
                "-url", settings.url(), "-user", settings.user() == null ? "" : settings.user(),
                "-password", settings.password() == null ? "" : settings.password(), "-script", sql.toString()));
        Path log = Files.createTempFile("cantila-h2-export", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("exporting the H2 " + LEGACY + " file took over 30 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exporting the H2 " + LEGACY + " file failed (exit " + p.exitValue()
                        + "): " + Files.readString(log).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while exporting the H2 " + LEGACY + " file", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * {@code h2-legacy/h2-2.5.252.jar} beside the engine's jar (or its classes folder), or the file the system
     * property {@code cantila.h2.legacy-jar} names.
     */
    static Path legacyJar() {
        String given = System.getProperty("cantila.h2.legacy-jar");
        Path jar;
        if (given != null) {
            jar = Path.of(given);
        } else {
            try {
                Path code = Path.of(H2Files.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                jar = code.getParent().resolve("h2-legacy").resolve("h2-" + LEGACY + ".jar");
            } catch (java.net.URISyntaxException | RuntimeException e) {
                throw new IllegalStateException("cannot locate the engine's jar to find h2-legacy/", e);
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("this H2 file was written by H2 " + LEGACY + " and needs converting, but "
                    + jar + " is missing (the build copies it there: mvn package)");
        }
        return jar;
    }
}
