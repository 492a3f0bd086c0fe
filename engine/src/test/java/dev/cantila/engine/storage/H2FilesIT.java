package dev.cantila.engine.storage;

import dev.cantila.engine.App;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestApps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * An H2 file an earlier Cantila wrote with H2 2.5.252 is converted to this engine's H2 at start-up, with its data, once;
 * a file this engine creates is marked and never converted. The 2.5.252 file is made for real: a Cantila database
 * written by this engine, exported, and loaded by the 2.5.252 jar in a child JVM (as the build ships it).
 */
class H2FilesIT {
    private final MutableClock clock = MutableClock.at("2026-12-03T20:00:00Z");
    @TempDir
    Path dir;
    private Settings settings;

    @BeforeEach
    void setUp() {
        // H2 files only: the PostgreSQL pass has nothing to convert
        assumeThat(System.getProperty("cantila.it.db.url", "")).isBlank();
        settings = TestApps.settings(Map.of("cantila.db.url", "jdbc:h2:file:" + dir.resolve("cantila")));
    }

    @Test
    void aFileWrittenByH2_2_5IsConvertedOnceAtStartWithItsData() throws Exception {
        String projectId;
        try (App app = App.create(settings, clock, k -> {
        })) {
            projectId = app.projects().create("written before the upgrade", null).id();
        }
        Path db = dir.resolve("cantila.mv.db");
        Path marker = dir.resolve("cantila.h2format");
        assertThat(marker).content().isEqualToIgnoringNewLines(H2Files.FORMAT);
        rewriteWithLegacyH2(db, marker);

        try (App app = App.create(settings, clock, k -> {
        })) {
            assertThat(app.projects().get(projectId).name()).isEqualTo("written before the upgrade");
            app.projects().create("written after", null);
        }
        Path backup = dir.resolve("cantila.mv.db.h2-" + H2Files.LEGACY + ".bak");
        assertThat(backup).exists();
        assertThat(marker).content().isEqualToIgnoringNewLines(H2Files.FORMAT);
        assertThat(dir.resolve("cantila.mv.db.h2-" + H2Files.LEGACY + ".sql")).doesNotExist();

        FileTime converted = Files.getLastModifiedTime(backup);
        try (App app = App.create(settings, clock, k -> {
        })) {
            assertThat(app.projects().list(null, 10).data()).hasSize(2);
        }
        assertThat(Files.getLastModifiedTime(backup)).as("not converted a second time").isEqualTo(converted);
    }

    @Test
    void aNewFileIsMarkedWithThisEnginesFormat() {
        try (App app = App.create(settings, clock, k -> {
        })) {
            app.projects().create("fresh", null);
        }
        assertThat(dir.resolve("cantila.h2format")).content().isEqualToIgnoringNewLines(H2Files.FORMAT);
        assertThat(dir).isDirectoryNotContaining("glob:**.bak");
    }

    @Test
    void onlyEmbeddedFileUrlsAreFiles() {
        assertThat(H2Files.fileOf("jdbc:h2:file:/data/cantila;MODE=PostgreSQL")).contains(Path.of("/data/cantila"));
        assertThat(H2Files.fileOf("jdbc:h2:/data/cantila")).contains(Path.of("/data/cantila"));
        assertThat(H2Files.fileOf("jdbc:h2:mem:t1;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(H2Files.fileOf("jdbc:h2:tcp://db/cantila")).isEmpty();
        assertThat(H2Files.fileOf("jdbc:postgresql://db/cantila")).isEmpty();
    }

    /** Replaces {@code db} by the same data in a file written by H2 2.5.252, without the marker. */
    private void rewriteWithLegacyH2(Path db, Path marker) throws Exception {
        Path sql = dir.resolve("dump.sql");
        String url = settings.db().url();
        org.h2.tools.Script.process(url, settings.db().user(), settings.db().password(), sql.toString(), "", "");
        Files.delete(db);
        Files.delete(marker);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "-cp", H2Files.legacyJar().toString(), "org.h2.tools.RunScript",
                "-url", url, "-user", settings.db().user(), "-password", settings.db().password(), "-script",
                sql.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(db).exists();
        Files.delete(sql);
    }
}
