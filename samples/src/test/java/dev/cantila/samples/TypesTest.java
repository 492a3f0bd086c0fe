package dev.cantila.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Type-checks every sample against {@code cantila.d.ts} with the TypeScript compiler (strict, checkJs), so the
 * published types and the runtime the samples pass on cannot drift apart. {@code ./run-tests} installs the pinned
 * TypeScript from the npm registry into samples/node_modules first.
 */
class TypesTest {

    @Test
    void theSamplesTypeCheckAgainstCantilaDts() throws IOException, InterruptedException {
        Path tsc = SamplesTest.ROOT.resolve("node_modules/.bin/tsc");
        assertThat(tsc).as("TypeScript is missing: run ./run-tests, or `npm install` in samples/").exists();
        Process p = new ProcessBuilder(tsc.toString(), "-p", "jsconfig.json").directory(SamplesTest.ROOT.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEmpty();
        assertThat(p.exitValue()).isZero();
    }
}
