package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Module state persists between the SMS events of one script version of one tenant on one worker, and nowhere else.
 * One worker, so every event of a test lands on the same worker and its warm context when the rules allow.
 */
class WarmContextsTest {
    private static final FakeClock CLOCK = new FakeClock("2026-12-01T00:00:00Z");
    private static final ScriptRuntime RUNTIME = ScriptRuntime.create(RuntimeOptions.defaults().withWorkers(1)
            .withClock(CLOCK).withWarm(new RuntimeOptions.Warm(3, Duration.ofSeconds(60), Set.of("plain"))));
    /** Counts its events in module state; "fail" throws, "spin" runs past the statement limit, "chatty" fills the log. */
    private static final String COUNTER = """
            let events = 0;
            export function onSms(sms, ctx) {
              events++;
              console.log(String(events));
              if (sms.body === 'fail') throw new Error('asked to fail');
              if (sms.body === 'spin') for (;;) {}
              if (sms.body === 'chatty') for (let i = 0; i < 20; i++) console.log('line ' + i);
            }
            """;
    /** Generous wall clock: what ends a run here is its statements or its log, even on a loaded machine. */
    private static final Limits LIMITS = Scripts.FAST.withWallClock(Duration.ofSeconds(30)).withStatements(100_000)
            .withLog(10, 4_000);

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void stateCarriesOverBetweenEventsOfOneVersion() {
        CompiledScript script = RUNTIME.compile("same@1", "counter.mjs", COUNTER);

        assertThat(counts("p1", script, "a", "b", "c")).containsExactly("1", "2", "3");
    }

    @Test
    void neverAcrossTenants() {
        CompiledScript script = RUNTIME.compile("tenants@1", "counter.mjs", COUNTER);

        assertThat(counts("p1", script, "a", "b")).containsExactly("1", "2");
        assertThat(counts("p2", script, "a")).containsExactly("1");
        assertThat(counts("p1", script, "c")).containsExactly("3");
    }

    @Test
    void neverAcrossVersionsEvenWithTheSameText() {
        CompiledScript v1 = RUNTIME.compile("versions@1", "counter.mjs", COUNTER);
        CompiledScript v2 = RUNTIME.compile("versions@2", "counter.mjs", COUNTER);

        assertThat(counts("p1", v1, "a", "b")).containsExactly("1", "2");
        assertThat(counts("p1", v2, "a")).containsExactly("1");
    }

    @Test
    void anErrorDiscardsTheContext() {
        CompiledScript script = RUNTIME.compile("error@1", "counter.mjs", COUNTER);

        assertThat(counts("p1", script, "a", "fail", "b")).containsExactly("1", "2", "1");
    }

    @Test
    void aLimitBreachDiscardsTheContextAndTheNextEventHasItsWholeBudget() {
        CompiledScript script = RUNTIME.compile("limit@1", "counter.mjs", COUNTER);

        Execution spin = RUNTIME.runSms("p1", script, Scripts.sms("spin"), new FakeSmsHost(), LIMITS);
        assertThat(spin.outcome()).isEqualTo(Outcome.STATEMENT_LIMIT);
        assertThat(counts("p1", script, "a", "b")).containsExactly("1", "2");
    }

    @Test
    void aFullLogDiscardsTheContext() {
        CompiledScript script = RUNTIME.compile("log@1", "counter.mjs", COUNTER);

        Execution chatty = RUNTIME.runSms("p1", script, Scripts.sms("chatty"), new FakeSmsHost(), LIMITS);
        assertThat(chatty.logTruncated()).isTrue();
        Execution next = RUNTIME.runSms("p1", script, Scripts.sms("a"), new FakeSmsHost(), LIMITS);
        assertThat(next.logs()).extracting(LogLine::text).containsExactly("1");
    }

    @Test
    void statementsAreCountedPerEvent() {
        CompiledScript script = RUNTIME.compile("budget@1", "loop.mjs", """
                export function onSms(sms, ctx) { let s = 0; for (let i = 0; i < 30000; i++) { s += i; } }
                """);

        for (int i = 0; i < 3; i++) {
            assertThat(RUNTIME.runSms("p1", script, Scripts.sms("x"), new FakeSmsHost(), LIMITS).outcome())
                    .isEqualTo(Outcome.OK);
        }
    }

    @Test
    void aContextServesAtMostMaxEvents() {
        CompiledScript script = RUNTIME.compile("events@1", "counter.mjs", COUNTER);

        assertThat(counts("p1", script, "a", "b", "c", "d")).containsExactly("1", "2", "3", "1");
    }

    @Test
    void aContextOlderThanMaxAgeIsDiscarded() {
        CompiledScript script = RUNTIME.compile("age@1", "counter.mjs", COUNTER);

        assertThat(counts("p1", script, "a")).containsExactly("1");
        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(counts("p1", script, "b")).containsExactly("1");
    }

    @Test
    void discardWarmStartsTheTenantAfresh() {
        CompiledScript script = RUNTIME.compile("deploy@1", "counter.mjs", COUNTER);

        assertThat(counts("p3", script, "a")).containsExactly("1");
        RUNTIME.discardWarm("p3");
        assertThat(counts("p3", script, "b")).containsExactly("1");
    }

    @Test
    void aFreshTenantNeverReusesAContext() {
        CompiledScript script = RUNTIME.compile("fresh@1", "counter.mjs", COUNTER);

        assertThat(counts("plain", script, "a", "b")).containsExactly("1", "1");
    }

    @Test
    void eachEventLogsAndActsForItselfOnly() {
        CompiledScript script = RUNTIME.compile("own@1", "echo.mjs", """
                export function onSms(sms, ctx) { console.log('got ' + sms.body); ctx.reply('re ' + sms.body); }
                """);
        FakeSmsHost first = new FakeSmsHost();
        FakeSmsHost second = new FakeSmsHost();

        Execution a = RUNTIME.runSms("p1", script, Scripts.sms("a"), first, LIMITS);
        Execution b = RUNTIME.runSms("p1", script, Scripts.sms("b"), second, LIMITS);

        assertThat(a.logs()).extracting(LogLine::text).containsExactly("got a");
        assertThat(b.logs()).extracting(LogLine::text).containsExactly("got b");
        assertThat(first.sent).containsExactly("reply:re a");
        assertThat(second.sent).containsExactly("reply:re b");
    }

    /** The first log line of each event, in order. */
    private static java.util.List<String> counts(String tenant, CompiledScript script, String... bodies) {
        java.util.List<String> counts = new java.util.ArrayList<>();
        for (String body : bodies) {
            Execution e = RUNTIME.runSms(tenant, script, Scripts.sms(body), new FakeSmsHost(), LIMITS);
            counts.add(e.logs().isEmpty() ? "none:" + e.outcome() : e.logs().get(0).text());
        }
        return counts;
    }
}
