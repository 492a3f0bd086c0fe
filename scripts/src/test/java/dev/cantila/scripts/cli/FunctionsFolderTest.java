package dev.cantila.scripts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionsFolderTest {
    @Test
    void readsFunctionsAssetsAndEnvAndLeavesTheRestOut(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("functions/ivr"));
        Files.createDirectories(dir.resolve("assets"));
        Files.createDirectories(dir.resolve("node_modules/twilio"));
        Files.writeString(dir.resolve("functions/ivr/menu.protected.js"), "exports.handler = () => {};");
        Files.writeString(dir.resolve("functions/README.md"), "notes");
        Files.writeString(dir.resolve("assets/text.private.txt"), "héllo");
        Files.write(dir.resolve("assets/beep.wav"), new byte[] {'R', 'I', 'F', 'F', 0, 1, 2});
        Files.write(dir.resolve("assets/latin1.txt"), new byte[] {(byte) 0xe9});
        Files.writeString(dir.resolve(".env"), "A=1\n");
        Files.writeString(dir.resolve("package.json"), "{}");
        Files.writeString(dir.resolve("node_modules/twilio/index.js"), "module.exports = {};");

        FunctionsFolder.Contents c = FunctionsFolder.read(dir);

        assertThat(c.files()).containsOnlyKeys(".env", "functions/ivr/menu.protected.js", "assets/text.private.txt");
        assertThat(c.files().get("assets/text.private.txt")).isEqualTo("héllo");
        assertThat(c.skipped()).hasSize(3).anyMatch(s -> s.startsWith("assets/beep.wav (not UTF-8 text"))
                .anyMatch(s -> s.startsWith("assets/latin1.txt")).anyMatch(s -> s.startsWith("functions/README.md"));
    }
}
