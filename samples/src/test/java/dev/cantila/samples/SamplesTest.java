package dev.cantila.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cantila.runtime.CompiledScript;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.scripts.scenario.Scenario;
import dev.cantila.scripts.scenario.ScenarioFile;
import dev.cantila.scripts.scenario.ScenarioRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample's scenarios, run exactly as {@code cantila test handler.js scenarios/} runs them: the samples are the
 * fixtures, so a sample that stops working fails the build.
 */
class SamplesTest {
    /** Maven runs tests in the module directory: the samples are its sub-folders with a handler.js. */
    static final Path ROOT = Path.of("").toAbsolutePath();
    private static final ScriptRuntime RUNTIME = ScenarioRunner.createRuntime();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    static List<Path> samples() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("handler.js"))).sorted().toList();
        }
    }

    @Test
    void everySampleHasScenariosAndAHowToRunHeader() throws IOException {
        List<Path> all = samples();
        // issue #5: auto-responder, IVR menu, business hours, support relay, appointment reminder, one-time code call
        assertThat(all).extracting(d -> d.getFileName().toString()).contains("auto-responder", "ivr-menu",
                "business-hours", "support-relay", "appointment-reminder", "otp-call", "two-factor-signin");
        for (Path d : all) {
            assertThat(ScenarioFile.find(d.resolve("scenarios"))).as(d + " scenarios").isNotEmpty();
            String head = Files.readString(d.resolve("handler.js"));
            assertThat(head).as(d + " header").contains("./cantila test").contains("./cantila deploy");
        }
    }

    /** {@code ./cantila test samples/}: the folder form finds every sample and runs all its scenarios. */
    @Test
    void cantilaTestOnTheSamplesFolderRunsEverySample() throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        var out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        int exit = new picocli.CommandLine(new dev.cantila.scripts.cli.TestCommand(out)).execute(ROOT.toString());
        String printed = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        int scenarios = 0;
        for (Path d : samples()) {
            assertThat(printed).contains(d.resolve("handler.js").toString());
            scenarios += ScenarioFile.find(d.resolve("scenarios")).size();
        }
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains(scenarios + " passed, 0 failed");
    }

    @TestFactory
    Stream<DynamicContainer> everyScenarioOfEverySamplePasses() throws IOException {
        List<DynamicContainer> out = new ArrayList<>();
        for (Path d : samples()) {
            String name = d.getFileName().toString();
            CompiledScript script = RUNTIME.compile(name, "handler.js", Files.readString(d.resolve("handler.js")));
            ScenarioRunner runner = new ScenarioRunner(RUNTIME, script, ScenarioRunner.OFFLINE_LIMITS);
            List<DynamicTest> tests = new ArrayList<>();
            for (Path f : ScenarioFile.find(d.resolve("scenarios"))) {
                Scenario s = ScenarioFile.read(f);
                tests.add(DynamicTest.dynamicTest(s.name(), () -> {
                    ScenarioRunner.Result r = runner.run(s, null);
                    assertThat(r.failure()).as(() -> f + ":" + r.failure().step().line() + ": "
                            + r.failure().step().describe() + "\n" + r.failure().message()).isNull();
                }));
            }
            out.add(DynamicContainer.dynamicContainer(name, tests));
        }
        return out.stream();
    }
}
