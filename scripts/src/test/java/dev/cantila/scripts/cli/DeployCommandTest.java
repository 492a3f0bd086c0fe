package dev.cantila.scripts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code cantila deploy} says about the server it was pointed at (the API itself: engine's DeployCommandIT). */
class DeployCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private int deploy(String server) throws IOException {
        Path handler = Files.writeString(dir.resolve("hours.js"), "export async function onSms(s, ctx) {}\n");
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        return new CommandLine(new DeployCommand(out)).execute(handler.toString(), "--project", "proj_1",
                "--number", "+14155550100", "--key", "cop_0123456789abcdef", "--server", server);
    }

    @Test
    void aServerThatIsNotAnHttpUrlIsRefusedNamingTheOptionAndTheValue() throws IOException {
        assertThat(deploy("localhost:8081")).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("--server must be an http:// or https:// URL").contains("'localhost:8081'");
    }

    @Test
    void anUnreachableServerIsNamed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(deploy("http://127.0.0.1:" + port + "/")).isEqualTo(1);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("cannot reach http://127.0.0.1:" + port);
    }
}
