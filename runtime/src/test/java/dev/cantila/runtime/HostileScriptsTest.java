package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guarantee: whatever a handler does, its worker is back (or replaced) within its wall clock plus twice the
 * kill grace, the caller has an outcome, and the runtime keeps serving. A corpus of shapes that defeat a plain
 * interrupt or statement limit, each run once at the handler's body and at module top level. Tagged: runs in a JVM
 * of its own (runtime/pom.xml), because every KILLED shape leaves an abandoned thread spinning until that JVM exits.
 */
@Tag("hostile")
class HostileScriptsTest {
    private static final Duration GRACE = Duration.ofMillis(250);
    private static final Limits LIMITS = Limits.SMS_DEFAULTS.withWallClock(Duration.ofSeconds(1));
    /** Limit + 2 × grace is the promise; the slack absorbs ticks and a loaded 2-core test machine. */
    private static final Duration BOUND = LIMITS.wallClock().plus(GRACE.multipliedBy(2)).plus(Duration.ofSeconds(2));
    private static final ScriptRuntime RUNTIME = ScriptRuntime.create(RuntimeOptions.defaults().withWorkers(3)
            .withWorkersPerTenant(3).withCompileLimits(LIMITS));

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    static Stream<String> hostile() {
        return HostileCorpus.SHAPES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void aHostileHandlerEndsWithinItsLimitPlusGrace(String name) {
        CompiledScript script = RUNTIME.compile("hostile-" + name, name + ".mjs",
                "export async function onSms(sms, ctx) {\n" + HostileCorpus.body(name) + "\n}\n");
        long start = System.nanoTime();

        Execution execution = RUNTIME.runSms("hostile", script, Scripts.sms("x"), new FakeSmsHost(), LIMITS);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as(name + " came back in time").isLessThan(BOUND);
        assertThat(execution.outcome()).as(name)
                .isIn(Outcome.TIMEOUT, Outcome.STATEMENT_LIMIT, Outcome.MEMORY_LIMIT, Outcome.KILLED, Outcome.ERROR);
        assertThat(execution.error()).isNotNull();
        assertThatServing();
    }

    /** A sample at module top level: every KILLED shape leaves a spinning thread in this JVM, so not all of them. */
    static Stream<String> hostileAtTopLevel() {
        return Stream.of("catchingRecursion", "catchAndContinueLoop", "finallyReenters", "microtaskLoop",
                "backReferenceRegex");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileAtTopLevel")
    void aHostileModuleTopLevelIsRefusedWithinItsLimitPlusGrace(String name) {
        long start = System.nanoTime();

        assertThatThrownBy(() -> RUNTIME.compile("top-" + name, name + ".mjs",
                "await (async () => {\n" + HostileCorpus.body(name) + "\n})();\nexport function onSms() {}\n"))
                .isInstanceOf(ScriptCompileException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(name + " refused in time").isLessThan(BOUND);
        assertThatServing();
    }

    @Test
    void theCatchingRecursionIsKilledAndItsWorkerReplaced() {
        CompiledScript script = RUNTIME.compile("catching", "catching.mjs",
                "export function onSms() { function f(){ try { f(); } catch (e) { f(); } } f(); }");

        Execution execution = RUNTIME.runSms("hostile", script, Scripts.sms("x"), new FakeSmsHost(), LIMITS);

        assertThat(execution.outcome()).isEqualTo(Outcome.KILLED);
        assertThat(execution.error().message()).contains("worker was abandoned");
        WorkerStats stats = RUNTIME.workerStats();
        assertThat(stats.abandoned()).isGreaterThanOrEqualTo(1);
        assertThat(stats.workers()).as("a fresh worker replaced it").isEqualTo(3);
        assertThatServing();

        long again = System.nanoTime();
        Execution refused = RUNTIME.runSms("hostile", script, Scripts.sms("x"), new FakeSmsHost(), LIMITS);
        assertThat(refused.outcome()).isEqualTo(Outcome.KILLED);
        assertThat(refused.error().message()).contains("not run again");
        assertThat(Duration.ofNanos(System.nanoTime() - again)).as("refused at once").isLessThan(LIMITS.wallClock());
        assertThat(RUNTIME.workerStats().abandoned()).as("no second thread lost").isLessThanOrEqualTo(stats.abandoned());
    }

    /** Another tenant is still served (generous clock: abandoned threads may be spinning on this machine's cores). */
    private static void assertThatServing() {
        CompiledScript healthy = RUNTIME.compile("healthy", "healthy.mjs", Scripts.PRODUCT_HANDLER);
        assertThat(RUNTIME.runSms("other", healthy, Scripts.sms("hours"), new FakeSmsHost(),
                LIMITS.withWallClock(Duration.ofSeconds(30))).outcome()).isEqualTo(Outcome.OK);
    }
}
