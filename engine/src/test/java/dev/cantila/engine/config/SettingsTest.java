package dev.cantila.engine.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    private static Settings load(Map<String, String> yaml, Map<String, String> env) {
        return Settings.load(Config.just(ConfigSources.create(yaml)), env, null, null);
    }

    @Test
    void defaultsAreTheEmbeddedShape() {
        Settings s = load(Map.of(), Map.of());
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(s.db().url()).startsWith("jdbc:h2:file:").contains("MODE=PostgreSQL").contains("DATABASE_TO_LOWER=TRUE");
        assertThat(s.db().isPostgres()).isFalse();
        assertThat(s.operatorKey()).isNull();
        assertThat(s.sms().throughput("local")).isEqualTo(10.0);
        assertThat(s.sms().throughput("tollfree")).isEqualTo(25.0);
        assertThat(s.carrier().deliveryLatency()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void environmentOverridesYaml() {
        Settings s = load(Map.of("cantila.port", "9000"), Map.of("CANTILA_PORT", "9100", "CANTILA_DATA_DIR", "/tmp/x",
                "CANTILA_DB_URL", "jdbc:postgresql://db:5432/c", "CANTILA_DB_USER", "u", "CANTILA_API_KEY",
                "a-long-operator-key"));
        assertThat(s.port()).isEqualTo(9100);
        assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(s.db().isPostgres()).isTrue();
        assertThat(s.db().user()).isEqualTo("u");
        assertThat(s.operatorKey()).isEqualTo("a-long-operator-key");
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_PORT", "eighty")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("CANTILA_PORT").hasMessageContaining("eighty");
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_PORT", "70000")))
                .hasMessageContaining("CANTILA_PORT").hasMessageContaining("70000");
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_DB_URL", "mysql://x")))
                .hasMessageContaining("CANTILA_DB_URL").hasMessageContaining("mysql://x");
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_API_KEY", "short")))
                .hasMessageContaining("CANTILA_API_KEY");
        assertThatThrownBy(() -> load(Map.of("cantila.sms.throughput.local", "-1"), Map.of()))
                .hasMessageContaining("cantila.sms.throughput.local").hasMessageContaining("-1");
        assertThatThrownBy(() -> load(Map.of("cantila.sms.lease", "soon"), Map.of()))
                .hasMessageContaining("cantila.sms.lease").hasMessageContaining("soon");
        assertThatThrownBy(() -> load(Map.of("cantila.db.pool-size", "0"), Map.of()))
                .hasMessageContaining("cantila.db.pool-size");
    }

    @Test
    void durationsTakeShortAndIsoForms() {
        Settings s = load(Map.of("cantila.sms.lease", "2m", "cantila.sms.poll", "250ms",
                "cantila.carrier.sent-latency", "PT0.5S"), Map.of());
        assertThat(s.sms().lease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.sms().poll()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.carrier().sentLatency()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void scriptWorkersAndEachProjectsShareAreSetByYamlOrEnvironmentAndValidated() {
        Settings s = load(Map.of("cantila.scripts.workers", "6", "cantila.scripts.max-abandoned", "3"),
                Map.of("CANTILA_SCRIPT_WORKERS_PER_PROJECT", "2"));
        assertThat(s.scripts()).isEqualTo(new Settings.ScriptSettings(6, 2, 3));
        assertThat(load(Map.of("cantila.scripts.workers", "8"), Map.of()).scripts().perProjectWorkers())
                .as("a quarter by default").isEqualTo(2);

        assertThatThrownBy(() -> load(Map.of("cantila.scripts.workers", "2",
                "cantila.scripts.per-project-workers", "3"), Map.of()))
                .hasMessageContaining("cantila.scripts.per-project-workers").hasMessageContaining("got 3");
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_SCRIPT_WORKERS", "many")))
                .hasMessageContaining("CANTILA_SCRIPT_WORKERS").hasMessageContaining("'many'");
        assertThatThrownBy(() -> load(Map.of("cantila.scripts.max-abandoned", "0"), Map.of()))
                .hasMessageContaining("cantila.scripts.max-abandoned must be at least 1, got 0");
    }
}
