package dev.cantila.scripts.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cantila.runtime.Limits;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.scripts.world.Effect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code ctx.otp} in the offline world: codes sent as effects, {@code {{otp}}} replies, checks, expiry, attempts. */
class OtpScenarioTest {
    private static final ScriptRuntime RUNTIME = ScenarioRunner.createRuntime();
    private static final String HANDLER = """
            export async function onSms(sms, ctx) {
              if (sms.body === 'LOGIN') {
                const v = await ctx.otp.request(sms.from, {channel: 'auto', ttlSeconds: 300});
                console.log('sent', v.id, v.channel, v.status, v.sends, v.checksLeft, 'code' in v);
                return;
              }
              try {
                const r = await ctx.otp.verify(sms.from, sms.body);
                ctx.reply(r.status === 'approved' ? 'Signed in' : 'Wrong code, ' + r.checksLeft + ' tries left');
              } catch (e) {
                ctx.reply('failed: ' + e.code);
              }
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
    void aCodeSentIsExpectedAndRepliedWithThePlaceholder() {
        var r = run("""
                steps:
                  - sms: LOGIN
                  - expect: {otp: {to: "+12025550123", channel: auto, otp: '/^[1-9][0-9]{5}$/'}}
                  - expect: {log: sent otp_sim1 auto pending 1 5 false}
                  - sms: "000000"
                  - expect: {verify: {"": pending, checksLeft: "4"}}
                  - expect: {reply: "Wrong code, 4 tries left"}
                  - sms: "{{otp}}"
                  - expect: {verify: approved}
                  - expect: {reply: Signed in}
                  - sms: "{{otp}}"
                  - expect: {reply: "failed: already_approved"}
                """);
        assertThat(r.failure()).isNull();
        String code = r.effects().stream().filter(e -> e.kind().equals("otp")).findFirst().orElseThrow().field("otp");
        assertThat(run("steps: [sms: LOGIN]").effects().get(0).field("otp")).as("the same scenario, the same code")
                .isEqualTo(code);
        assertThat(r.effects()).filteredOn(e -> e.kind().equals("otp")).extracting(Effect::render)
                .containsExactly("otp sent to +12025550123 by auto: " + code + " (otp_sim1, send 1)");
    }

    @Test
    void aSecondRequestResendsTheSameCodeAndTheTtlEndsIt() {
        var r = run("""
                steps:
                  - sms: LOGIN
                  - advance: 1m
                  - sms: LOGIN
                  - expect: {otp: {sends: "1"}}
                  - expect: {otp: {sends: "2"}}
                  - advance: 5m
                  - sms: "{{otp}}"
                  - expect: {verify: {code: expired}}
                  - expect: {reply: "failed: expired"}
                """);
        assertThat(r.failure()).isNull();
        var codes = r.effects().stream().filter(e -> e.kind().equals("otp")).map(e -> e.field("otp")).toList();
        assertThat(codes).hasSize(2).containsOnly(codes.get(0));
    }

    @Test
    void fiveWrongChecksEndTheVerification() {
        var r = run("""
                steps:
                  - sms: LOGIN
                  - sms: "0000"
                  - sms: "0001"
                  - sms: "0002"
                  - sms: "0003"
                  - expect: {reply: "Wrong code, 1 tries left"}
                  - sms: "0004"
                  - expect: {verify: {"": max_attempts_reached, checksLeft: "0"}}
                  - sms: "{{otp}}"
                  - expect: {reply: "failed: max_attempts_reached"}
                """);
        assertThat(r.failure()).isNull();
    }

    @Test
    void thePlaceholderNeedsACodeSentToTheSender() {
        var r = run("""
                steps:
                  - sms: "{{otp}}"
                """);
        assertThat(r.failure().message()).isEqualTo("the body uses {{otp}} but no code was sent to +12025550123");
        assertThat(run("steps: [sms: \"1234\"]").effects()).extracting(Effect::render)
                .contains("verify +12025550123  (refused: not_found)");
    }
}
