package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Handlers read time from the runtime's clock: a fake clock moves script time, and Date stays a normal Date. */
class ClockTest {
    private static final FakeClock CLOCK = new FakeClock("2026-11-30T15:30:00Z");
    private static final ScriptRuntime RUNTIME = ScriptRuntime.create(RuntimeOptions.defaults().withWorkers(1)
            .withClock(CLOCK));

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void dateReadsTheRuntimeClockAndBehavesLikeDate() {
        String source = """
                export function onSms(sms, ctx) {
                  class Stamp extends Date { label() { return 'at ' + this.toISOString(); } }
                  console.log(Date.now(), new Date().toISOString(), typeof Date(), Date().includes('2026'),
                    new Date() instanceof Date, new Date(0).toISOString(), Date.UTC(2020, 0, 1),
                    Date.parse('2020-01-01T00:00:00Z'), new Stamp().label(), new Stamp() instanceof Stamp,
                    Object.prototype.toString.call(new Date()), Date.name, Date.length,
                    new Date().constructor === Date);
                }
                """;
        // not a limits test: a generous wall clock so a cold, busy machine cannot fail it
        Limits relaxed = Limits.SMS_DEFAULTS.withWallClock(java.time.Duration.ofSeconds(30));
        CompiledScript script = RUNTIME.compile("clock", "clock.mjs", source);
        Execution first = RUNTIME.runSms(script, Scripts.sms("x"), new FakeSmsHost(), relaxed);
        CLOCK.advance(java.time.Duration.ofHours(1));
        Execution later = RUNTIME.runSms(script, Scripts.sms("x"), new FakeSmsHost(), relaxed);

        assertThat(first.outcome()).isEqualTo(Outcome.OK);
        assertThat(first.logs().get(0).text()).isEqualTo("1796052600000 2026-11-30T15:30:00.000Z string true true"
                + " 1970-01-01T00:00:00.000Z 1577836800000 1577836800000 at 2026-11-30T15:30:00.000Z true"
                + " [object Date] Date 7 true");
        assertThat(later.logs().get(0).text()).startsWith("1796056200000 2026-11-30T16:30:00.000Z");
    }
}
