package dev.cantila.scripts.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cantila.runtime.Limits;
import dev.cantila.runtime.RuntimeOptions;
import dev.cantila.runtime.ScriptRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {
    private static final ScriptRuntime RUNTIME = ScriptRuntime.create(RuntimeOptions.defaults().withWorkers(1));
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
                  - expect: {forward: {"": "+14155550101", body: '/^From \\+15555550100: fwd$/'}}
                  - expect: nothing
                """);
        assertThat(r.failure()).isNull();
        assertThat(r.passed()).isTrue();
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
                .contains("+ actual:   reply → +15555550100: \"You are #1\"");
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
}
