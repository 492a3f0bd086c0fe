package dev.cantila.engine.freeswitch;

import dev.cantila.engine.config.SettingsException;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreeSwitchSettingsTest {

    private static Config yaml(String text) {
        return Config.just(ConfigSources.create(text, io.helidon.common.media.type.MediaTypes.create("application/x-yaml"))).get("cantila.freeswitch");
    }

    @Test
    void environmentListsNodesWithOptionalNames() {
        FreeSwitchSettings s = FreeSwitchSettings.parse("10.0.0.5:8021:ClueCon, fs2.example:8022:s3cret:west,"
                + "[::1]:8021:pw");
        assertThat(s.nodes()).containsExactly(new FreeSwitchSettings.Node("10.0.0.5", 8021, "ClueCon", "10.0.0.5:8021"),
                new FreeSwitchSettings.Node("fs2.example", 8022, "s3cret", "west"),
                new FreeSwitchSettings.Node("::1", 8021, "pw", null));
        assertThat(s.nodes().get(2).address()).isEqualTo("[::1]:8021");
        assertThat(s.gateway()).isEqualTo("carrier");
        assertThat(s.ttsEngine()).isEqualTo("flite");
        assertThat(s.ttsVoice()).isEqualTo("kal");
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.nodes().get(1).toString()).doesNotContain("s3cret");
    }

    @Test
    void badEntriesAreNamedWithoutTheirPassword() {
        assertThatThrownBy(() -> FreeSwitchSettings.parse("10.0.0.5:8021:ok,10.0.0.6:eighty:hunter2"))
                .isInstanceOf(SettingsException.class).hasMessageContaining("CANTILA_FREESWITCH entry 2")
                .hasMessageContaining("eighty").hasMessageContaining("10.0.0.6:eighty:****")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> FreeSwitchSettings.parse("10.0.0.5:8021"))
                .hasMessageContaining("entry 1").hasMessageContaining("host:port:password[:name]");
        assertThatThrownBy(() -> FreeSwitchSettings.parse("10.0.0.5:70000:pw")).hasMessageContaining("70000");
        assertThatThrownBy(() -> FreeSwitchSettings.parse("a:1:pw:x,b:2:pw:x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> FreeSwitchSettings.parse("a:1:pw:bad name")).hasMessageContaining("bad name");
        assertThatThrownBy(() -> FreeSwitchSettings.parse("10.0.0.5:8021:pw,")).hasMessageContaining("entry 2");
        assertThatThrownBy(() -> FreeSwitchSettings.parse(" ")).hasMessageContaining("CANTILA_FREESWITCH");
        assertThatThrownBy(() -> FreeSwitchSettings.parse("a:1::x")).hasMessageContaining("password");
    }

    @Test
    void yamlTakesStringsOrObjectsAndTheRestOfTheSettings() {
        FreeSwitchSettings s = FreeSwitchSettings.fromConfig(yaml("""
                cantila:
                  freeswitch:
                    nodes:
                      - "10.0.0.5:8021:ClueCon:east"
                      - {host: 10.0.0.6, port: 8022, password: "a:b,c", name: west}
                    gateway: twilio
                    tts: {engine: tts_commandline, voice: en-US}
                    command-timeout: 1500ms
                    reconnect-max: PT10S
                """));
        assertThat(s.nodes()).extracting(FreeSwitchSettings.Node::name).containsExactly("east", "west");
        assertThat(s.nodes().get(1).password()).isEqualTo("a:b,c");
        assertThat(s.gateway()).isEqualTo("twilio");
        assertThat(s.ttsEngine()).isEqualTo("tts_commandline");
        assertThat(s.ttsVoice()).isEqualTo("en-US");
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theEnvironmentReplacesYamlNodesOnly() {
        Config c = yaml("cantila:\n  freeswitch:\n    nodes: [\"10.0.0.5:8021:ClueCon\"]\n    gateway: gw2\n");
        FreeSwitchSettings s = FreeSwitchSettings.fromConfig(c, "10.0.0.9:8021:pw:env");
        assertThat(s.nodes()).extracting(FreeSwitchSettings.Node::name).containsExactly("env");
        assertThat(s.gateway()).isEqualTo("gw2");
    }

    @Test
    void badYamlNamesTheKey() {
        assertThatThrownBy(() -> FreeSwitchSettings.fromConfig(yaml("cantila:\n  freeswitch:\n    gateway: x\n")))
                .hasMessageContaining("cantila.freeswitch.nodes");
        assertThatThrownBy(() -> FreeSwitchSettings.fromConfig(yaml(
                "cantila:\n  freeswitch:\n    nodes: [{host: h, port: x, password: p}]\n")))
                .hasMessageContaining("cantila.freeswitch.nodes[0].port").hasMessageContaining("'x'");
        assertThatThrownBy(() -> FreeSwitchSettings.fromConfig(yaml(
                "cantila:\n  freeswitch:\n    nodes: [\"h:1:p\"]\n    command-timeout: soon\n")))
                .hasMessageContaining("cantila.freeswitch.command-timeout").hasMessageContaining("soon");
        assertThatThrownBy(() -> FreeSwitchSettings.fromConfig(yaml(
                "cantila:\n  freeswitch:\n    nodes: [\"h:1:p\"]\n    gateway: \"a/b\"\n")))
                .hasMessageContaining("freeswitch.gateway").hasMessageContaining("a/b");
        assertThatThrownBy(() -> FreeSwitchSettings.fromConfig(yaml(
                "cantila:\n  freeswitch:\n    nodes: [\"h:1:p\"]\n    reconnect-max: 10ms\n")))
                .hasMessageContaining("reconnect-max");
    }
}
