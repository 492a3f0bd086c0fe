package dev.cantila.engine.freeswitch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Poll;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /observe/health} over the production routes and observe feature: the {@code freeswitch} check lists each
 * node (connected, since, last error) and the whole answer is DOWN (503) while no node is connected.
 */
class FreeSwitchHealthIT {
    static final FakeFreeSwitch FS = FakeFreeSwitch.start(FakeFreeSwitch.DEFAULT_PASSWORD, "east");
    static final int NOWHERE = closedPort();
    @RegisterExtension
    static final TestServer SERVER = TestServer.withSettings(Map.of("cantila.telephony.provider", "freeswitch",
            "cantila.freeswitch.nodes.0", FS.spec("fs1"),
            "cantila.freeswitch.nodes.1", "127.0.0.1:" + NOWHERE + ":ClueCon:fs2",
            "cantila.freeswitch.reconnect-max", "200ms", "cantila.freeswitch.command-timeout", "1s"));
    static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void stop() {
        FS.close();
    }

    @Test
    void eachNodeIsListedAndNoneConnectedIsDown() {
        Api anyone = SERVER.operator().as(null);
        JsonNode up = Poll.until("fs1 connected and fs2 failed once", WAIT, () -> {
            Api.Resp r = anyone.get("/observe/health");
            JsonNode fs = check(r.json());
            return r.status() == 200 && fs.path("data").path("fs1.connected").asBoolean()
                    && fs.path("data").path("fs2.lastError").isTextual() ? fs : null;
        });
        assertThat(up.at("/status").asText()).isEqualTo("UP");
        assertThat(up.path("data").path("fs1.since").asText()).isNotBlank();
        assertThat(up.path("data").path("fs1.address").asText()).isEqualTo("127.0.0.1:" + FS.port());
        assertThat(up.path("data").path("fs2.connected").asBoolean()).isFalse();
        assertThat(up.path("data").path("fs2.lastError").asText()).containsIgnoringCase("refused");
        assertThat(up.path("data").path("connected").asText()).isEqualTo("1 of 2");

        FS.refuseConnections(true);
        FS.dropConnections();
        Api.Resp down = Poll.until("health DOWN once fs1 is gone", WAIT, () -> {
            Api.Resp r = anyone.get("/observe/health");
            return r.status() == 503 ? r : null;
        });
        JsonNode fs = check(down.json());
        assertThat(down.json().at("/status").asText()).isEqualTo("DOWN");
        assertThat(fs.at("/status").asText()).isEqualTo("DOWN");
        assertThat(fs.path("data").path("fs1.connected").asBoolean()).isFalse();
        assertThat(fs.path("data").path("fs1.lastError").asText()).isNotBlank();
        assertThat(fs.path("data").path("connected").asText()).isEqualTo("0 of 2");

        FS.refuseConnections(false);
        Poll.until("UP again once fs1 is back", WAIT, () -> anyone.get("/observe/health").status() == 200);
    }

    private static JsonNode check(JsonNode health) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals("freeswitch")) {
                return c;
            }
        }
        throw new AssertionError("no freeswitch check in " + health);
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
