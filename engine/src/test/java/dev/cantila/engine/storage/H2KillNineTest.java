package dev.cantila.engine.storage;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a JVM writing to H2 the way the engine does (see {@link H2KillNineHarness}), many times over on the
 * same file, each acknowledged write checked after every kill. Not in the default pass (a round takes 5–20 s on
 * a loaded machine): {@code ./run-tests -pl engine -am -Dtest=H2KillNineTest -Dcantila.durability.rounds=40
 * -Dit.test=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}. Optional
 * {@code -Dcantila.durability.busy=N} busy threads load the CPU meanwhile (default 2), and
 * {@code -Dcantila.durability.url-extra=;SETTING=...} tries an H2 setting, {@code -Dcantila.durability.claim=engine}
 * (the default; or {@code jvm}, or {@code rows}) chooses how the second dispatcher serialises its claims. To compare
 * the variants on one load, run the harness's {@code main} ({@code rounds N "" busy engine,jvm,rows}).
 */
@Tag("durability")
@EnabledIfSystemProperty(named = "cantila.durability.rounds", matches = "\\d+")
class H2KillNineTest {

    @Test
    void everyAcknowledgedWriteSurvivesKill9(@TempDir Path dir) throws Exception {
        int rounds = Integer.getInteger("cantila.durability.rounds");
        int busy = Integer.getInteger("cantila.durability.busy", 2);
        String extra = System.getProperty("cantila.durability.url-extra", "");
        H2KillNineHarness.Claim claim = H2KillNineHarness.Claim.valueOf(
                System.getProperty("cantila.durability.claim", "engine").toUpperCase(java.util.Locale.ROOT));
        List<String> lossy = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            H2KillNineHarness.Round r = H2KillNineHarness.round(dir, extra, busy,
                    300 + ThreadLocalRandom.current().nextInt(2500), claim);
            if (!r.lost().isEmpty()) {
                lossy.add("round " + i + " (" + r.acknowledged() + " acknowledged): lost " + r.lost());
            }
        }
        assertThat(lossy).as("acknowledged writes missing after kill -9").isEmpty();
    }
}
