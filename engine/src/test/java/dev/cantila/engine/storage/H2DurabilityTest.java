package dev.cantila.engine.storage;

import dev.cantila.engine.config.Settings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A committed transaction is in the database file as soon as the commit returns, so a process killed right
 * after (kill -9: the OS keeps what was written) loses nothing. The file is copied while the database is
 * still open, which is what a restart after kill -9 finds on disk.
 */
class H2DurabilityTest {

    @Test
    void aCommittedRowIsInTheFileWhenTheCommitReturns(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        Files.createDirectories(live);
        Files.createDirectories(crashed);
        String url = Settings.load(Config.just(ConfigSources.create(Map.of())), Map.of(), 0, live).db().url();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("create table t (id int primary key)");
            }
            try (Statement s = c.createStatement()) {
                for (int i = 1; i <= 20; i++) {
                    s.executeUpdate("insert into t values (" + i + ")");
                }
            }
            // Copy while open: exactly what a kill -9 leaves behind (no close, no shutdown hook).
            Files.copy(live.resolve("cantila.mv.db"), crashed.resolve("cantila.mv.db"));
        }
        String copy = url.replace(live.toAbsolutePath().resolve("cantila").toString(),
                crashed.toAbsolutePath().resolve("cantila").toString());
        try (Connection c = DriverManager.getConnection(copy, "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from t")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows committed before the crash").isEqualTo(20);
        }
    }
}
