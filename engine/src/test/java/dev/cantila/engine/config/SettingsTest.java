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
        assertThat(s.db().url()).startsWith("jdbc:h2:file:").contains("MODE=PostgreSQL").contains("DATABASE_TO_LOWER=TRUE")
                .contains(";WRITE_DELAY=0");
        assertThat(s.db().isPostgres()).isFalse();
        assertThat(s.operatorKey()).isNull();
        assertThat(s.sms().throughput("local")).isEqualTo(10.0);
        assertThat(s.sms().throughput("tollfree")).isEqualTo(25.0);
        assertThat(s.carrier().deliveryLatency()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.scripts().maxSendsPerRun()).isEqualTo(100);
        assertThat(load(Map.of("cantila.scripts.max-sends-per-run", "5"), Map.of()).scripts().maxSendsPerRun())
                .isEqualTo(5);
        assertThat(load(Map.of(), Map.of("CANTILA_SCRIPTS_MAX_SENDS_PER_RUN", "7")).scripts().maxSendsPerRun())
                .isEqualTo(7);
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
    void privateTargetsAreRefusedUnlessTheOperatorAllowsThem() {
        assertThat(load(Map.of(), Map.of()).targets().allowList()).isEmpty();
        assertThat(load(Map.of(), Map.of()).targets().refusal("http://10.0.0.1/")).isPresent();
        Settings yaml = load(Map.of("cantila.http.allow-private", "10.0.0.0/8, hooks.corp"), Map.of());
        assertThat(yaml.targets().allowList()).containsExactly("10.0.0.0/8", "hooks.corp");
        assertThat(yaml.targets().refusal("http://10.0.0.1/")).isEmpty();
        Settings list = Settings.load(Config.just(ConfigSources.create("""
                cantila:
                  http:
                    allow-private: [127.0.0.1/32, "fd00::/8"]
                """, io.helidon.common.media.type.MediaTypes.create("application/x-yaml"))), Map.of(), null, null);
        assertThat(list.targets().allowList()).containsExactly("127.0.0.1/32", "fd00::/8");
        Settings env = load(Map.of("cantila.http.allow-private", "10.0.0.0/8"),
                Map.of("CANTILA_ALLOW_PRIVATE_TARGETS", "192.168.0.0/16"));
        assertThat(env.targets().allowList()).containsExactly("192.168.0.0/16");
        assertThatThrownBy(() -> load(Map.of("cantila.http.allow-private", "10.0.0.0/40"), Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("cantila.http.allow-private")
                .hasMessageContaining("10.0.0.0/40");
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_ALLOW_PRIVATE_TARGETS", "10.0.0.0/8,bad host")))
                .hasMessageContaining("CANTILA_ALLOW_PRIVATE_TARGETS").hasMessageContaining("'bad host'");
    }

    @Test
    void anInstanceIdIsGeneratedUnlessConfiguredAndTheLeaseIsValidated() {
        Settings generated = load(Map.of(), Map.of());
        assertThat(generated.instance().id()).matches("i-[0-9a-z]{10}");
        assertThat(load(Map.of(), Map.of()).instance().id()).isNotEqualTo(generated.instance().id());
        assertThat(generated.instance().lease()).isEqualTo(Duration.ofSeconds(15));
        assertThat(generated.instance().heartbeat()).isEqualTo(Duration.ofSeconds(5));
        Settings configured = load(Map.of("cantila.instance.id", "yaml-1", "cantila.instance.lease", "30s"),
                Map.of("CANTILA_INSTANCE_ID", "engine-b.eu"));
        assertThat(configured.instance().id()).isEqualTo("engine-b.eu");
        assertThat(configured.instance().lease()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_INSTANCE_ID", "a b")))
                .hasMessageContaining("CANTILA_INSTANCE_ID").hasMessageContaining("'a b'");
        assertThatThrownBy(() -> load(Map.of("cantila.instance.lease", "2s"), Map.of()))
                .hasMessageContaining("cantila.instance.lease").hasMessageContaining("2000ms");
    }

    @Test
    void everyH2UrlCommitsDurablyUnlessTheOperatorChoseAWriteDelay() {
        assertThat(load(Map.of(), Map.of("CANTILA_DB_URL", "jdbc:h2:file:/tmp/c")).db().url())
                .contains("MODE=PostgreSQL").contains(";WRITE_DELAY=0");
        assertThat(load(Map.of(), Map.of("CANTILA_DB_URL", "jdbc:h2:file:/tmp/c;MODE=PostgreSQL")).db().url())
                .isEqualTo("jdbc:h2:file:/tmp/c;MODE=PostgreSQL;WRITE_DELAY=0");
        assertThat(load(Map.of(), Map.of("CANTILA_DB_URL", "jdbc:h2:file:/tmp/c;MODE=PostgreSQL;write_delay=500"))
                .db().url()).isEqualTo("jdbc:h2:file:/tmp/c;MODE=PostgreSQL;write_delay=500");
        assertThat(load(Map.of(), Map.of("CANTILA_DB_URL", "jdbc:postgresql://db/c")).db().url())
                .isEqualTo("jdbc:postgresql://db/c");
    }

    @Test
    void warmContextsAreSetByYamlOrEnvironmentAndValidated() {
        Settings s = load(Map.of("cantila.scripts.warm.max-age", "30s", "cantila.scripts.warm.fresh-projects",
                "p-strict, p-old"), Map.of("CANTILA_SCRIPTS_WARM_MAX_EVENTS", "50"));
        assertThat(s.scripts().warm()).isEqualTo(new Settings.WarmSettings(50, Duration.ofSeconds(30),
                java.util.Set.of("p-strict", "p-old")));
        assertThat(load(Map.of(), Map.of()).scripts().warm()).isEqualTo(Settings.WarmSettings.DEFAULTS);
        assertThat(load(Map.of("cantila.scripts.warm.max-events", "0"), Map.of()).scripts().warm().maxEvents())
                .as("0 turns warm contexts off").isZero();

        assertThatThrownBy(() -> load(Map.of("cantila.scripts.warm.max-events", "-1"), Map.of()))
                .hasMessageContaining("cantila.scripts.warm.max-events").hasMessageContaining("got -1");
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_SCRIPTS_WARM_MAX_EVENTS", "few")))
                .hasMessageContaining("CANTILA_SCRIPTS_WARM_MAX_EVENTS").hasMessageContaining("'few'");
        assertThatThrownBy(() -> load(Map.of("cantila.scripts.warm.max-age", "0s"), Map.of()))
                .hasMessageContaining("cantila.scripts.warm.max-age").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> load(Map.of("cantila.scripts.warm.max-age", "a while"), Map.of()))
                .hasMessageContaining("cantila.scripts.warm.max-age").hasMessageContaining("a while");
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
        assertThatThrownBy(() -> load(Map.of("cantila.scripts.max-sends-per-run", "0"), Map.of()))
                .hasMessageContaining("cantila.scripts.max-sends-per-run").hasMessageContaining("0");
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_SCRIPTS_MAX_SENDS_PER_RUN", "lots")))
                .hasMessageContaining("CANTILA_SCRIPTS_MAX_SENDS_PER_RUN").hasMessageContaining("lots");
        assertThatThrownBy(() -> load(Map.of("cantila.carrier.failures.+14155550199",
                "a-code-longer-than-its-column-is-wide"), Map.of())).hasMessageContaining("cantila.carrier.failures").hasMessageContaining("a-code-longer");
    }

    @Test
    void theOtpFallbackDelayIsReadFromTheKeyOrTheEnvironmentAndBounded() {
        assertThat(load(Map.of(), Map.of()).otp().fallbackDelay()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(load(Map.of("cantila.otp.fallback-delay", "2m"), Map.of()).otp().fallbackDelay())
                .isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(load(Map.of("cantila.otp.fallback-delay", "2m"), Map.of("CANTILA_OTP_FALLBACK_DELAY", "45s")).otp()
                .fallbackDelay()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThatThrownBy(() -> load(Map.of("cantila.otp.fallback-delay", "1s"), Map.of()))
                .hasMessageContaining("cantila.otp.fallback-delay").hasMessageContaining("1s");
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_OTP_FALLBACK_DELAY", "soon")))
                .hasMessageContaining("CANTILA_OTP_FALLBACK_DELAY").hasMessageContaining("soon");
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
        assertThat(s.scripts()).isEqualTo(new Settings.ScriptSettings(6, 2, 3, 100,
                Settings.WarmSettings.DEFAULTS));
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
