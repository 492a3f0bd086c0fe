package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The escape and pollution corpus with warm contexts on: pollution stays inside one script version of one project
 * (where module state is documented to persist), a hostile event throws its warm context away, and the warm
 * neighbour of another project keeps serving. Tagged hostile: KILLED shapes leave abandoned threads in this JVM.
 */
@Tag("hostile")
class WarmIsolationTest {
    private static final Limits LIMITS = Limits.SMS_DEFAULTS.withWallClock(Duration.ofSeconds(1));
    private static final ScriptRuntime RUNTIME = ScriptRuntime.create(RuntimeOptions.defaults().withWorkers(1)
            .withWorkersPerTenant(1).withCompileLimits(LIMITS)
            .withWarm(new RuntimeOptions.Warm(1_000, Duration.ofMinutes(5), Set.of())));
    private static final String POLLUTER = """
            export function onSms(sms, ctx) {
              console.log(String(globalThis.leaked), String(Object.prototype.leaked), String([].leaked));
              globalThis.leaked = 'global'; Object.prototype.leaked = 'proto'; Array.prototype.leaked = 'array';
              JSON.stringify = () => 'hijacked';
            }
            """;
    private static final String READER = """
            export function onSms(sms, ctx) {
              console.log(String(globalThis.leaked), String({}.leaked), JSON.stringify({ ok: 1 }));
            }
            """;

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void pollutionPersistsWithinOneVersionOfOneProjectOnly() {
        CompiledScript a1 = RUNTIME.compile("a@1", "a.mjs", POLLUTER);
        CompiledScript a2 = RUNTIME.compile("a@2", "a.mjs", POLLUTER);
        CompiledScript b = RUNTIME.compile("b@1", "b.mjs", READER);

        for (int i = 0; i < 4; i++) {
            RUNTIME.runSms("project-a", a1, Scripts.sms("x"), new FakeSmsHost(), LIMITS);
        }
        Execution otherProjectSameText = RUNTIME.runSms("project-b", a1, Scripts.sms("x"), new FakeSmsHost(), LIMITS);
        Execution otherVersion = RUNTIME.runSms("project-a", a2, Scripts.sms("x"), new FakeSmsHost(), LIMITS);
        Execution otherScript = RUNTIME.runSms("project-b", b, Scripts.sms("x"), new FakeSmsHost(), LIMITS);

        assertThat(otherProjectSameText.logs()).extracting(LogLine::text)
                .containsExactly("undefined undefined undefined");
        assertThat(otherVersion.logs()).extracting(LogLine::text).containsExactly("undefined undefined undefined");
        assertThat(otherScript.logs()).extracting(LogLine::text).containsExactly("undefined undefined {\"ok\":1}");
        Execution sameVersion = RUNTIME.runSms("project-a", a1, Scripts.sms("x"), new FakeSmsHost(), LIMITS);
        assertThat(sameVersion.logs()).as("documented: a version's own module state persists")
                .extracting(LogLine::text).containsExactly("global proto array");
    }

    static Stream<String> hostile() {
        return HostileCorpus.SHAPES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void aHostileEventThrowsItsWarmContextAway(String name) {
        CompiledScript script = RUNTIME.compile("warm-hostile-" + name + "@1", name + ".mjs", """
                const context = Math.random().toString(36).slice(2);
                let events = 0;
                export async function onSms(sms, ctx) {
                  events++;
                  console.log(context + ' ' + events);
                  if (sms.body === 'go') {
                %s
                  }
                }
                """.formatted(HostileCorpus.body(name)));

        assertThat(first(RUNTIME.runSms("hostile", script, Scripts.sms("a"), new FakeSmsHost(), LIMITS)))
                .endsWith(" 1");
        Execution stopped = RUNTIME.runSms("hostile", script, Scripts.sms("go"), new FakeSmsHost(), LIMITS);
        assertThat(stopped.outcome()).as(name)
                .isIn(Outcome.TIMEOUT, Outcome.STATEMENT_LIMIT, Outcome.MEMORY_LIMIT, Outcome.KILLED, Outcome.ERROR);
        Execution after = RUNTIME.runSms("hostile", script, Scripts.sms("b"), new FakeSmsHost(), LIMITS);
        if (stopped.outcome() == Outcome.KILLED) {
            assertThat(after.outcome()).as("a killed text is not run again").isEqualTo(Outcome.KILLED);
        } else {
            // Warm contexts are per worker (one worker here, so every event of a version meets the same one; with more,
            // "b" could meet another worker's context that failed nothing): never the one "go" was stopped in.
            assertThat(first(stopped)).as("the stopped event logged its context first").doesNotStartWith("none:");
            String stoppedIn = first(stopped).split(" ")[0];
            assertThat(first(after)).as("not the context stopped by " + stopped.outcome()).doesNotStartWith(stoppedIn + " ")
                    .endsWith(" 1");
        }
        CompiledScript healthy = RUNTIME.compile("healthy@1", "healthy.mjs", Scripts.PRODUCT_HANDLER);
        assertThat(RUNTIME.runSms("other", healthy, Scripts.sms("hours"), new FakeSmsHost(),
                LIMITS.withWallClock(Duration.ofSeconds(30))).outcome()).isEqualTo(Outcome.OK);
    }

    private static String first(Execution execution) {
        return execution.logs().isEmpty() ? "none:" + execution.outcome() : execution.logs().get(0).text();
    }
}
