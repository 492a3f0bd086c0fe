package dev.cantila.engine.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The documented settings rules applied to the SHIPPED {@code application.yaml} (the file the jar carries), not to
 * a hand-made map: a default pinned in the shipped file must not defeat a documented environment rule.
 */
class ShippedSettingsTest {
    private static final Path SHIPPED = Path.of("src/main/resources/application.yaml");

    private static Settings shipped(Map<String, String> env) {
        assertThat(SHIPPED).as("run from the engine module").exists();
        return Settings.load(Config.just(ConfigSources.file(SHIPPED)), env, null, Path.of("/tmp/cantila-data"));
    }

    private static Settings shippedWith(String yamlExtra, Map<String, String> env) throws Exception {
        Path yaml = Files.createTempFile("cantila", ".yaml");
        Files.writeString(yaml, Files.readString(SHIPPED) + yamlExtra);
        try {
            return Settings.load(Config.just(ConfigSources.file(yaml)), env, null, Path.of("/tmp/cantila-data"));
        } finally {
            Files.delete(yaml);
        }
    }

    @Test
    void shippedDefaultsAreTheSimulatedCarrierAndSwitch() {
        Settings s = shipped(Map.of());
        assertThat(s.voice().provider()).isEqualTo("stub");
        assertThat(s.voice().freeswitch()).isNull();
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.log().format()).isEqualTo(Settings.LogFormat.TEXT);
    }

    @Test
    void cantilaFreeswitchAloneSelectsFreeswitchWithTheShippedFile() {
        Settings s = shipped(Map.of("CANTILA_FREESWITCH", "10.0.0.5:8021:ClueCon:fs1"));
        assertThat(s.voice().provider()).isEqualTo("freeswitch");
        assertThat(s.voice().freeswitch().nodes()).extracting(n -> n.name()).containsExactly("fs1");
    }

    @Test
    void cantilaTelephonyBeatsEverything() {
        assertThat(shipped(Map.of("CANTILA_FREESWITCH", "10.0.0.5:8021:pw", "CANTILA_TELEPHONY", "stub"))
                .voice().provider()).isEqualTo("stub");
        assertThatThrownBy(() -> shipped(Map.of("CANTILA_TELEPHONY", "freeswitch")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("CANTILA_FREESWITCH")
                .hasMessageContaining("cantila.freeswitch.nodes");
    }

    @Test
    void anEnvironmentVariableBeatsTheYamlProvider() throws Exception {
        Settings s = shippedWith("  telephony:\n    provider: stub\n", Map.of("CANTILA_FREESWITCH", "10.0.0.5:8021:pw"));
        assertThat(s.voice().provider()).isEqualTo("freeswitch");
        Settings yamlNodes = shippedWith("  freeswitch:\n    nodes:\n      - \"10.0.0.7:8021:pw:yaml1\"\n", Map.of());
        assertThat(yamlNodes.voice().provider()).as("nodes in YAML select FreeSWITCH too").isEqualTo("freeswitch");
        assertThat(shippedWith("  telephony:\n    provider: stub\n  freeswitch:\n    nodes:\n      - \"10.0.0.7:8021:pw\"\n",
                Map.of()).voice().provider()).as("an explicit YAML provider beats YAML nodes").isEqualTo("stub");
    }

    @Test
    void theRetiredVoiceProviderKeyIsNamed() {
        Map<String, String> yaml = new HashMap<>(Map.of("cantila.voice.provider", "stub"));
        assertThatThrownBy(() -> Settings.load(Config.just(ConfigSources.create(yaml)), Map.of(), null, null))
                .isInstanceOf(SettingsException.class).hasMessageContaining("cantila.voice.provider")
                .hasMessageContaining("cantila.telephony.provider");
    }

    @Test
    void logFormatFromTheEnvironment() {
        assertThat(shipped(Map.of("CANTILA_LOG_FORMAT", "json")).log().format()).isEqualTo(Settings.LogFormat.JSON);
        assertThatThrownBy(() -> shipped(Map.of("CANTILA_LOG_FORMAT", "xml")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("CANTILA_LOG_FORMAT").hasMessageContaining("xml");
    }
}
