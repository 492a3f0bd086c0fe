package dev.cantila.engine.voice;

import dev.cantila.engine.config.Settings;
import dev.cantila.engine.config.SettingsException;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoiceSettingsTest {

    private static Settings load(Map<String, String> props, Map<String, String> env) {
        return Settings.load(Config.just(ConfigSources.create(props)), env, 0, Path.of("/tmp/cantila-data"));
    }

    @Test
    void defaultsAreTheStubSwitchWithRecordingsInTheDataDirectory() {
        Settings.VoiceSettings v = load(Map.of(), Map.of()).voice();
        assertThat(v.provider()).isEqualTo("stub");
        assertThat(v.recordingsDir()).isEqualTo(Path.of("/tmp/cantila-data/recordings"));
        assertThat(v.opTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(v.sim().answer()).isEqualTo("answered");
    }

    @Test
    void simulatedTargetsAndOverrides() {
        Settings.VoiceSettings v = load(Map.of("cantila.voice.sim.targets.+15005550010", "busy",
                "cantila.voice.sim.media", "0ms"), Map.of("CANTILA_RECORDINGS_DIR", "/srv/rec")).voice();
        assertThat(v.sim().targets()).containsEntry("+15005550010", "busy");
        assertThat(v.sim().media()).isZero();
        assertThat(v.recordingsDir()).isEqualTo(Path.of("/srv/rec"));
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> load(Map.of("cantila.telephony.provider", "asterisk"), Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("provider").hasMessageContaining("asterisk");
        assertThatThrownBy(() -> load(Map.of("cantila.voice.sim.answer", "maybe"), Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("cantila.voice.sim.answer");
        assertThatThrownBy(() -> load(Map.of("cantila.voice.op-timeout", "0s"), Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("cantila.voice.op-timeout");
    }

    @Test
    void cantilaFreeswitchAloneSelectsTheFreeswitchProvider() {
        Settings.VoiceSettings v = load(Map.of("cantila.freeswitch.gateway", "trunk"),
                Map.of("CANTILA_FREESWITCH", "10.0.0.5:8021:ClueCon,10.0.0.6:8021:secret:fs2")).voice();
        assertThat(v.provider()).isEqualTo("freeswitch");
        assertThat(v.freeswitch().nodes()).hasSize(2);
        assertThat(v.freeswitch().nodes().get(1).name()).isEqualTo("fs2");
        assertThat(v.freeswitch().gateway()).isEqualTo("trunk");

        Settings.VoiceSettings yaml = load(Map.of("cantila.telephony.provider", "freeswitch",
                "cantila.freeswitch.nodes.0", "127.0.0.1:8021:ClueCon"), Map.of()).voice();
        assertThat(yaml.freeswitch().nodes()).hasSize(1);

        assertThat(load(Map.of(), Map.of("CANTILA_FREESWITCH", "10.0.0.5:8021:pw", "CANTILA_TELEPHONY", "stub"))
                .voice().freeswitch()).isNull();
        assertThatThrownBy(() -> load(Map.of(), Map.of("CANTILA_FREESWITCH", "10.0.0.5:eighty:pw")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("CANTILA_FREESWITCH")
                .hasMessageNotContaining(":pw");
    }
}
