package dev.cantila.engine.storage;

import dev.cantila.engine.config.Settings;
import dev.cantila.engine.testing.TestApps;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database made by an earlier release must start on this one. Flyway refuses a pending migration numbered
 * below the newest applied one (the webhooks module's V20 was applied by wave 1), so a new migration numbered
 * V9–V19 passes on every fresh test schema and stops every existing install: this test migrates a fresh
 * database only up to what the last release shipped, then runs the engine's own {@link Database#migrate()}.
 */
class MigrationUpgradeIT {
    /** The newest migration of the last release (wave 1: issues #2–#5). Raise it when a release ships. */
    private static final String RELEASED = "20";

    @Test
    void aDatabaseOfTheLastReleaseMigratesToThisOne() {
        Settings settings = TestApps.settings(Map.of());
        try (Database db = Database.open(settings.db())) {
            Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration")
                    .target(MigrationVersion.fromVersion(RELEASED)).load().migrate();
            db.migrate();
            var info = Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").load().info();
            assertThat(info.pending()).as("migrations left pending").isEmpty();
            var newest = java.util.Arrays.stream(info.all()).map(m -> m.getVersion()).max(MigrationVersion::compareTo);
            assertThat(info.current().getVersion()).isEqualTo(newest.orElseThrow());
        }
    }
}
