package dev.cantila.scripts.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cantila.runtime.Limits;
import dev.cantila.runtime.ScriptRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {
    private static final ScriptRuntime RUNTIME = ScenarioRunner.createRuntime();
    private static final String HANDLER = """
            export async function onSms(sms, ctx) {
              if (sms.body === 'boom') throw new Error('kaboom');
              if (sms.body === 'tpl') return ctx.reply({templateId: 'hi', vars: {name: 'Ada'}});
              if (sms.body === 'fwd') return ctx.forward('+14155550101', {prefix: 'From ' + sms.from + ': '});
              const n = (await ctx.kv.get('n')) ?? 0;
              await ctx.kv.set('n', n + 1);
              console.log('count', n + 1);
              ctx.reply('You are #' + (n + 1) + (ctx.env.SUFFIX ?? ''));
            }
            """;

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    private static ScenarioRunner.Result run(String yaml) {
        ScenarioRunner runner = new ScenarioRunner(RUNTIME, RUNTIME.compile("t", "handler.js", HANDLER),
                Limits.SMS_DEFAULTS);
        return runner.run(ScenarioFile.parse("t.scenario.yaml", yaml), null);
    }

    @Test
    void aPassingScenarioUsesEnvKvTemplatesAndForwards() {
        var r = run("""
                env: {SUFFIX: "!"}
                kv: {n: 41}
                templates: {hi: "Hi {{name}}"}
                steps:
                  - sms: hello
                  - expect: {reply: "You are #42!"}
                  - expect: {log: count 42}
                  - expect: {kv: {n: 42}}
                  - sms: tpl
                  - expect: {reply: Hi Ada}
                  - sms: fwd
                  - expect: {forward: {"": "+14155550101", body: '/^From \\+12025550123: fwd$/'}}
                  - expect: nothing
                """);
        assertThat(r.failure()).isNull();
        assertThat(r.passed()).isTrue();
    }

    @Test
    void anErrorALaterExpectationSteppedOverStillFailsTheScenario() {
        var r = run("""
                steps:
                  - sms: boom
                  - sms: hello
                  - expect: {reply: "You are #1"}
                """);
        assertThat(r.passed()).isFalse();
        assertThat(r.failure().message()).contains("the script failed and no 'expect: error' step expected it")
                .contains("kaboom");
        var expected = run("""
                steps:
                  - sms: boom
                  - expect: {error: kaboom}
                  - sms: hello
                  - expect: {reply: "You are #1"}
                """);
        assertThat(expected.failure()).isNull();
    }

    @Test
    void aMismatchIsReportedAsADiffAtItsStep() {
        var r = run("""
                steps:
                  - sms: hello
                  - expect: {reply: /closed/}
                """);
        assertThat(r.passed()).isFalse();
        assertThat(r.failure().step().line()).isEqualTo(3);
        assertThat(r.failure().message()).contains("- expected: reply /closed/")
                .contains("+ actual:   no matching reply (first: text \"You are #1\" does not match /closed/)")
                .contains("reply → +12025550123: \"You are #1\"");
    }

    @Test
    void keywordsNeverReachTheScriptAndOptOutHolds() {
        var r = run("""
                steps:
                  - sms: " stop "
                  - expect: {reply: /unsubscribed/}
                  - expect: {kv: {n: null}}
                """);
        assertThat(r.failure()).isNotNull();
        assertThat(r.failure().message()).contains("kv.n = (absent)");
        var optedOut = run("""
                steps:
                  - sms: STOP
                  - sms: hello
                  - expect: {reply: /unsubscribed/}
                  - expect: {reply: {code: recipient_opted_out}}
                  - expect: {error: /opted out/}
                  - sms: START
                  - expect: {reply: /resubscribed/}
                """);
        assertThat(optedOut.failure()).isNull();
    }

    @Test
    void anUnexpectedScriptErrorFailsTheScenarioWithItsLocation() {
        var r = run("""
                steps:
                  - sms: boom
                """);
        assertThat(r.passed()).isFalse();
        assertThat(r.failure().message()).contains("kaboom").contains("handler.js:2:");
        assertThat(run("""
                steps:
                  - sms: boom
                  - expect: {error: kaboom}
                """).passed()).isTrue();
    }

    private static ScenarioRunner.Result runCall(String handler, String yaml) {
        ScenarioRunner runner = new ScenarioRunner(RUNTIME, RUNTIME.compile("c", "call.js", handler),
                ScenarioRunner.OFFLINE_LIMITS);
        return runner.run(ScenarioFile.parse("c.scenario.yaml", yaml), null);
    }

    @Test
    void gatherTimersRunOnTheFakeClockAndDigitsPressedEarlyWait() {
        String handler = """
                export async function onCall(call, ctx) {
                  const a = await call.gather({numDigits: 2, timeoutSeconds: 5, interDigitTimeoutSeconds: 2});
                  await call.say('got [' + a + '] at ' + new Date().toISOString());
                  const b = await call.gather({numDigits: 3});
                  await call.say('then [' + b + ']');
                }
                """;
        var r = runCall(handler, """
                time: "2026-01-01T00:00:00Z"
                steps:
                  - call: {}
                  - press: "4"
                  - expect: gather
                  - advance: 1999ms
                  - expect: nothing
                  - advance: 1ms
                  - expect: {say: "got [4] at 2026-01-01T00:00:02.000Z"}
                  - press: "12#"
                  - expect: {say: "then [12]"}
                  - expect: ended
                """);
        assertThat(r.failure()).isNull();
    }

    @Test
    void aFailingHandlerIsApologisedForAndAnUnansweredForwardTimesOut() {
        String handler = """
                export async function onCall(call, ctx) {
                  const r = await call.forward('+14155550101', {timeoutSeconds: 20});
                  await call.say('forward ' + r.status);
                  throw new Error('oops');
                }
                """;
        var r = runCall(handler, """
                steps:
                  - call: {}
                  - expect: {forward: "+14155550101"}
                  - advance: 20s
                  - expect: {say: forward no-answer}
                  - expect: {error: oops}
                  - expect: {say: application error}
                  - expect: {hangup: NORMAL_CLEARING}
                """);
        assertThat(r.failure()).isNull();
        var unexpected = runCall(handler, """
                steps:
                  - call: {}
                  - forward-answers: busy
                """);
        assertThat(unexpected.failure().message()).contains("oops").contains("call.js:4:");
        var noForward = runCall("export async function onCall(call) { await call.say('hi'); }", """
                steps:
                  - call: {}
                  - forward-answers: answered
                """);
        assertThat(noForward.failure().message()).startsWith("forward-answers: no forward is waiting");
    }

    @Test
    void aConferenceIsAnEffectAndTheCallStaysInItUntilTheCallerHangsUp() {
        String handler = """
                export async function onCall(call, ctx) {
                  try {
                    await call.conference('standup', {startOnEnter: false, endOnExit: true});
                  } catch (e) {
                    ctx.log.info('left: ' + e.name);
                  }
                }
                """;
        var r = runCall(handler, """
                steps:
                  - call: {}
                  - expect: {conference: standup}
                  - advance: 10m
                  - expect: nothing
                  - hangup
                  - expect: {log: "left: CallEnded"}
                """);
        assertThat(r.failure()).isNull();
        var bad = runCall("export async function onCall(call) { await call.conference('x', {maxParticipants: 1}); }",
                """
                steps:
                  - call: {}
                  - expect: {error: maxParticipants must be 2-250}
                """);
        assertThat(bad.failure()).isNull();
    }
}
