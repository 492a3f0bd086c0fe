package dev.cantila.engine.shipped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged {@code ./cantila test} on Twilio Functions projects: the whole Functions corpus passes its scenarios
 * (a folder of projects, each with its {@code scenarios/}), and a project whose function answers TwiML the engine
 * refuses exits non-zero naming the function's file and the engine's message.
 */
class FunctionsTestShippedIT {
    @TempDir
    Path tmp;

    private static Path corpus() throws Exception {
        return Path.of(FunctionsTestShippedIT.class.getResource("/functions").toURI());
    }

    @Test
    void theCorpusPassesAndAFaultyProjectFailsWithTheReason() throws Exception {
        Shipped all = Shipped.run(Map.of(), "test", corpus().toString());
        assertThat(all.log()).contains("✓ pressing 1 reaches sales through the sibling function",
                "✓ the hunt group rings each number in turn until one answers", " 0 failed");
        assertThat(all.exitCode()).as(all.log()).isZero();

        Path project = tmp.resolve("menu");
        copy(corpus().resolve("ivr"), project);
        Files.writeString(project.resolve("functions/ivr/welcome.js"), """
                exports.handler = function (context, event, callback) {
                  const twiml = new Twilio.twiml.VoiceResponse();
                  twiml.say('Welcome');
                  twiml.enqueue('support');
                  callback(null, twiml);
                };
                """);
        Shipped one = Shipped.run(Map.of(), "test", project.toString());
        assertThat(one.log()).contains("✗ pressing 1 reaches sales through the sibling function",
                "error (twiml_error) at functions/ivr/welcome.js: <Enqueue> is refused: Cantila has no call queues",
                "say \"We are sorry, an application error occurred. Goodbye.\"", "0 passed, 3 failed");
        assertThat(one.exitCode()).as(one.log()).isEqualTo(1);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
