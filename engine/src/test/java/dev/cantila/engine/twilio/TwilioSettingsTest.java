package dev.cantila.engine.twilio;

import dev.cantila.engine.config.Settings;
import dev.cantila.engine.config.SettingsException;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cantila.twilio.public-url} / {@code CANTILA_PUBLIC_URL}: defaulted from the port, validated by name. */
class TwilioSettingsTest {
    private static Settings load(Map<String, String> yaml, Map<String, String> env) {
        return Settings.load(Config.just(ConfigSources.create(yaml)), env, null, null);
    }

    @Test
    void thePublicUrlDefaultsToLocalhostOnThePortAndTheEnvironmentWins() {
        assertThat(load(Map.of("cantila.port", "9000"), Map.of()).twilio().publicUrl())
                .isEqualTo("http://localhost:9000");
        assertThat(load(Map.of("cantila.twilio.public-url", "https://voice.example.com/"), Map.of()).twilio()
                .publicUrl()).isEqualTo("https://voice.example.com");
        assertThat(load(Map.of("cantila.twilio.public-url", "https://a.example"),
                Map.of("CANTILA_PUBLIC_URL", "https://b.example/cantila")).twilio().publicUrl())
                .isEqualTo("https://b.example/cantila");
    }

    @Test
    void aBadPublicUrlStopsStartUpNamingTheKeyAndValue() {
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_PUBLIC_URL", "voice.example.com")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("CANTILA_PUBLIC_URL").hasMessageContaining("'voice.example.com'");
        assertThatThrownBy(() -> load(Map.of("cantila.twilio.public-url", "ftp://x.example"), Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("cantila.twilio.public-url");
    }
}
