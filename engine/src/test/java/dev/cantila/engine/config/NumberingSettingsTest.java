package dev.cantila.engine.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cantila.porting.*} and {@code cantila.numbers.*}: defaults, YAML, environment, refusals naming the key. */
class NumberingSettingsTest {
    private static Settings load(Map<String, String> yaml, Map<String, String> env) {
        return Settings.load(Config.just(ConfigSources.create(yaml)), env, null, null);
    }

    @Test
    void defaultsYamlAndEnvironment() {
        Settings d = load(Map.of(), Map.of());
        assertThat(d.porting()).isEqualTo(PortingSettings.defaults());
        assertThat(d.numbers().aging()).isEqualTo(Duration.ofDays(30));
        Settings s = load(Map.of("cantila.porting.review-delay", "2m", "cantila.porting.time-scale", "10",
                "cantila.numbers.aging", "P10D", "cantila.numbers.transfer-expiry", "48h"),
                Map.of("CANTILA_NUMBER_AGING", "P5D"));
        assertThat(s.porting().reviewDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.porting().scaled(Duration.ofMinutes(2).toMillis())).isEqualTo(12_000);
        assertThat(s.numbers().aging()).as("the environment wins").isEqualTo(Duration.ofDays(5));
        assertThat(s.numbers().transferExpiry()).isEqualTo(Duration.ofHours(48));
        assertThat(load(Map.of(), Map.of("CANTILA_PORTING_TIME_SCALE", "1e6")).porting().timeScale()).isEqualTo(1e6);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> load(Map.of("cantila.porting.time-scale", "0.5"), Map.of()))
                .hasMessageContaining("cantila.porting.time-scale").hasMessageContaining("0.5");
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_PORTING_TIME_SCALE", "fast")))
                .hasMessageContaining("CANTILA_PORTING_TIME_SCALE").hasMessageContaining("fast");
        assertThatThrownBy(() -> load(Map.of("cantila.porting.poll", "0s"), Map.of()))
                .hasMessageContaining("cantila.porting.poll");
        assertThatThrownBy(() -> load(Map.of("cantila.numbers.aging", "a month"), Map.of()))
                .hasMessageContaining("cantila.numbers.aging").hasMessageContaining("a month");
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_NUMBER_AGING", "-1s")))
                .hasMessageContaining("CANTILA_NUMBER_AGING");
        assertThatThrownBy(() -> load(Map.of("cantila.numbers.transfer-expiry", "0s"), Map.of()))
                .hasMessageContaining("cantila.numbers.transfer-expiry");
    }
}
