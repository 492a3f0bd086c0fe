package dev.cantila.scripts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cantila test FOLDER}: every handler under the folder with the scenarios beside it, one summary line. */
class TestCommandFolderTest {
    private static final String ECHO = """
            export async function onSms(sms, ctx) { ctx.reply('echo ' + sms.body); }
            """;
    private static final String PASSES = """
            steps:
              - sms: hi
              - expect: {reply: echo hi}
            """;
    private static final String FAILS = """
            name: expects the wrong reply
            steps:
              - sms: hi
              - expect: {reply: hello}
            """;

    @TempDir
    Path root;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        return new CommandLine(new TestCommand(out)).execute(args);
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void aFolderRunsEveryHandlerWithItsScenariosAndSumsUp() throws IOException {
        write("echo/handler.js", ECHO);
        write("echo/scenarios/a.scenario.yaml", PASSES);
        write("echo/scenarios/more/b.scenario.yaml", PASSES);
        write("named/relay.js", ECHO); // no handler.js: the only *.js file beside scenarios/
        write("named/scenarios/wrong.scenario.yaml", FAILS);
        write("node_modules/dep/handler.js", "this is not JavaScript");
        write("node_modules/dep/scenarios/x.scenario.yaml", PASSES);
        write("no-scenarios/handler.js", "this is not JavaScript either");

        int exit = run(root.toString());

        assertThat(exit).as(output()).isEqualTo(1);
        assertThat(output()).contains(root.resolve("echo/handler.js").toString())
                .contains(root.resolve("named/relay.js").toString())
                .contains("✗ expects the wrong reply")
                .doesNotContain("node_modules").doesNotContain("no-scenarios");
        assertThat(output().lines().filter(l -> l.matches("\\d+ passed, \\d+ failed.*")))
                .as("one summary line").singleElement().asString().startsWith("2 passed, 1 failed");
    }

    @Test
    void allPassingExitsZero() throws IOException {
        write("echo/handler.js", ECHO);
        write("echo/scenarios/a.scenario.yaml", PASSES);

        assertThat(run(root.toString())).as(output()).isZero();
        assertThat(output()).contains("1 passed, 0 failed");
    }

    @Test
    void aHandlerThatDoesNotCompileCountsAsAFailureAndTheOthersStillRun() throws IOException {
        write("broken/handler.js", "export async function onSms(sms, ctx) {");
        write("broken/scenarios/a.scenario.yaml", PASSES);
        write("echo/handler.js", ECHO);
        write("echo/scenarios/a.scenario.yaml", PASSES);

        assertThat(run(root.toString())).as(output()).isEqualTo(1);
        assertThat(output()).contains("✗ " + root.resolve("broken/handler.js") + ":").contains("1 passed, 1 failed");
    }

    @Test
    void aFolderWithoutHandlersOrWithAnAmbiguousOneIsAUsageError() throws IOException {
        assertThat(run(root.toString())).isEqualTo(2);
        assertThat(output()).contains("no handler with a scenarios/ folder");

        write("two/a.js", ECHO);
        write("two/b.js", ECHO);
        write("two/scenarios/a.scenario.yaml", PASSES);
        assertThat(run(root.toString())).isEqualTo(2);
        assertThat(output()).contains(root.resolve("two") + " has scenarios/ but 2 *.js files and no handler.js");
    }
}
