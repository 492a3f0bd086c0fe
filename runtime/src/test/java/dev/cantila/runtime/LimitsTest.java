package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Overruns and failures: each ends with the right outcome and a located error, and nobody else waits. */
class LimitsTest {
    private static final ScriptRuntime RUNTIME = Scripts.runtime();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void anInfiniteLoopTimesOutWhileOtherInvocationsAreServed() throws Exception {
        CountDownLatch looping = new CountDownLatch(1);
        FakeSmsHost signalling = new FakeSmsHost() {
            @Override
            public String kvGet(String key) {
                looping.countDown();
                return null;
            }
        };
        CompiledScript loop = RUNTIME.compile("loop", "loop.mjs", """
                export function onSms(sms, ctx) {
                  ctx.kv.get('go');
                  let i = 0;
                  while (true) { i = (i + 1) % 7; }
                }
                """);
        CompiledScript healthy = RUNTIME.compile("healthy", "healthy.mjs", Scripts.PRODUCT_HANDLER);
        Limits twoSeconds = Limits.SMS_DEFAULTS.withStatements(Long.MAX_VALUE);

        CompletableFuture<Execution> stuck = RUNTIME.submitSms(loop, Scripts.sms("x"), signalling, twoSeconds);
        assertThat(looping.await(10, TimeUnit.SECONDS)).isTrue();
        Execution served = RUNTIME.runSms(healthy, Scripts.sms("hours"), new FakeSmsHost(), Scripts.FAST);
        boolean loopStillRunning = !stuck.isDone();
        Execution timedOut = stuck.get(10, TimeUnit.SECONDS);

        assertThat(served.outcome()).isEqualTo(Outcome.OK);
        assertThat(loopStillRunning).isTrue();
        assertThat(timedOut.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(timedOut.duration()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(timedOut.error().message()).isEqualTo("wall-clock limit exceeded");
        assertThat(timedOut.error().location()).as("where it was spinning").startsWith("loop.mjs:4:");
    }

    @Test
    void anEndlessChainOfPromiseJobsIsStopped() {
        Execution execution = Scripts.run(RUNTIME, """
                export function onSms(sms, ctx) {
                  const spin = () => Promise.resolve().then(spin);
                  spin();
                }
                """);

        // Whichever budget runs out first (each job allocates): the point is it ends, and nothing else waits.
        assertThat(execution.outcome()).isIn(Outcome.TIMEOUT, Outcome.STATEMENT_LIMIT, Outcome.MEMORY_LIMIT);
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        RuntimeOptions oneSlot = new RuntimeOptions(1, 1, 10, Duration.ofMillis(5), Duration.ofMillis(100), 1000,
                Limits.SMS_DEFAULTS, java.time.Clock.systemUTC());
        try (ScriptRuntime small = ScriptRuntime.create(oneSlot)) {
            CountDownLatch busy = new CountDownLatch(1);
            FakeSmsHost signalling = new FakeSmsHost() {
                @Override
                public String kvGet(String key) {
                    busy.countDown();
                    return null;
                }
            };
            CompiledScript loop = small.compile("loop", "loop.mjs",
                    "export function onSms(sms, ctx) { ctx.kv.get('go'); for (;;) {} }");
            Limits short_ = Limits.SMS_DEFAULTS.withWallClock(Duration.ofMillis(300)).withStatements(Long.MAX_VALUE);

            CompletableFuture<Execution> running = small.submitSms(loop, Scripts.sms("1"), signalling, short_);
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Execution> queued = small.submitSms(loop, Scripts.sms("2"), new FakeSmsHost(), short_);

            assertThatThrownBy(() -> small.submitSms(loop, Scripts.sms("3"), new FakeSmsHost(), short_))
                    .isInstanceOf(RejectedExecutionException.class);
            assertThat(running.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(queued.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.TIMEOUT);
        }
    }

    @Test
    void theStatementLimitStopsABusyHandler() {
        CompiledScript busy = RUNTIME.compile("busy", "busy.mjs", "export function onSms() { for (;;) {} }");

        Execution execution = RUNTIME.runSms(busy, Scripts.sms("x"), new FakeSmsHost(),
                Scripts.FAST.withStatements(100_000));

        assertThat(execution.outcome()).isEqualTo(Outcome.STATEMENT_LIMIT);
        assertThat(execution.error().message()).startsWith("statement limit exceeded");
    }

    @Test
    void deepRecursionIsAnErrorWithLocation() {
        Execution execution = Scripts.run(RUNTIME, """
                function down(n) { return down(n + 1) + 1; }
                export function onSms(sms, ctx) { return down(0); }
                """);

        assertThat(execution.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(execution.error().message()).startsWith("RangeError: Maximum call stack size exceeded");
        assertThat(execution.error().fileName()).isEqualTo("handler.mjs");
        assertThat(execution.error().line()).isEqualTo(1);
    }

    @Test
    void aNeverResolvingPromiseIsReportedNotAwaitedForever() {
        Execution execution = Scripts.run(RUNTIME, """
                export async function onSms(sms, ctx) {
                  await new Promise(() => {});
                  ctx.reply('never');
                }
                """);

        assertThat(execution.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(execution.error().message()).isEqualTo("handler did not finish: a promise never resolved");
        assertThat(execution.actions()).isEmpty();
        assertThat(execution.duration()).isLessThan(Scripts.FAST.wallClock());
    }

    @Test
    void aLogFloodIsCappedAndMarked() {
        CompiledScript flood = RUNTIME.compile("flood", "flood.mjs", """
                export function onSms(sms, ctx) {
                  for (let i = 0; i < 10000; i++) console.log('line ' + i);
                  ctx.log.info('x'.repeat(100000));
                }
                """);
        Execution execution = RUNTIME.runSms(flood, Scripts.sms("x"), new FakeSmsHost(), Limits.SMS_DEFAULTS);

        assertThat(execution.outcome()).isEqualTo(Outcome.OK);
        assertThat(execution.logs()).hasSize(100);
        assertThat(execution.logTruncated()).isTrue();
    }

    @Test
    void aLongLineIsCutAtTheCharCap() {
        Execution execution = Scripts.run(RUNTIME, "export function onSms() { console.log('y'.repeat(100000)); }");

        assertThat(execution.logs()).hasSize(1);
        assertThat(execution.logs().getFirst().text()).hasSize(16 * 1024 + "…[truncated]".length());
        assertThat(execution.logTruncated()).isTrue();
    }

    @Test
    void aHugeStringHitsTheStringLengthLimit() {
        Execution execution = Scripts.run(RUNTIME, "export function onSms() { return 'x'.repeat(2e6).length; }");

        assertThat(execution.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(execution.error().message()).isEqualTo("RangeError: Invalid string length");
    }

    @Test
    void aRuntimeThrowCarriesFileLineColumnAndStack() {
        Execution execution = Scripts.run(RUNTIME, """
                function check(body) {
                  if (body) throw new Error('bad body: ' + body);
                }
                export async function onSms(sms, ctx) {
                  await null;
                  check(sms.body);
                }
                """);

        assertThat(execution.outcome()).isEqualTo(Outcome.ERROR);
        ScriptError error = execution.error();
        assertThat(error.message()).isEqualTo("Error: bad body: hello");
        assertThat(error.location()).isEqualTo("handler.mjs:2:19");
        assertThat(error.stack()).contains("at check (handler.mjs:2:19)", "at onSms (handler.mjs:6:3)")
                .doesNotContain("prelude");
    }

    @Test
    void throwingANonErrorIsReported() {
        Execution execution = Scripts.run(RUNTIME, "export function onSms() { throw 'plain'; }");

        assertThat(execution.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(execution.error().message()).contains("plain");
    }

    @Test
    void aHostBugIsAnErrorEvenIfTheScriptCatchesIt() {
        FakeSmsHost broken = new FakeSmsHost() {
            @Override
            public String reply(String text) {
                throw new IllegalStateException("database down");
            }
        };
        Execution execution = Scripts.run(RUNTIME, """
                export function onSms(sms, ctx) { try { ctx.reply('x'); } catch (e) {} }
                """, broken);

        assertThat(execution.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(execution.error().message()).contains("database down");
    }
}
