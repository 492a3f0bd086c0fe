package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.OtpHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class OtpHandlerTest {
    private static final ScriptRuntime RUNTIME = Scripts.runtime();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    /** Sends code 123456 to anyone; three checks; a number starting +999 is blocked. */
    static final class FakeOtp implements OtpHost {
        final List<Request> requests = new ArrayList<>();
        final List<String> codes = new ArrayList<>();
        int checksLeft = 3;

        @Override
        public Sent request(Request r) {
            if (r.to().startsWith("+999")) {
                throw new HostActionException("prefix_blocked", "codes to +999… are blocked");
            }
            requests.add(r);
            return new Sent("ver-1", r.to(), r.channel() == null ? "sms" : r.channel(), "pending",
                    "2026-01-01T00:10:00Z", 1, checksLeft);
        }

        @Override
        public Checked verify(String to, String code) {
            codes.add(code);
            if (checksLeft == 0) {
                throw new HostActionException("max_attempts_reached", "verification ver-1 is max_attempts_reached");
            }
            checksLeft--;
            return new Checked(code.equals("123456") ? "approved" : "pending", checksLeft);
        }
    }

    private static FakeSmsHost hostWith(FakeOtp otp) {
        return new FakeSmsHost() {
            @Override
            public OtpHost otp() {
                return otp;
            }
        };
    }

    @Test
    void requestAnswersTheVerificationAndVerifyItsStateWithoutTheCodeInTheRecord() {
        FakeOtp otp = new FakeOtp();
        CompiledScript script = RUNTIME.compile("otp", "otp.mjs", """
                export async function onSms(sms, ctx) {
                  if (sms.body === 'LOGIN') {
                    const v = await ctx.otp.request(sms.from, {channel: 'auto', codeLength: 6, appName: 'Acme'});
                    ctx.reply([v.id, v.to, v.channel, v.status, v.expiresAt, v.sends, v.checksLeft].join(' '));
                  } else {
                    const r = await ctx.otp.verify(sms.from, sms.body);
                    ctx.reply(r.status + ' ' + r.checksLeft);
                  }
                }
                """);

        Execution login = RUNTIME.runSms(script, Scripts.sms("LOGIN"), hostWith(otp), Scripts.FAST);
        Execution wrong = RUNTIME.runSms(script, Scripts.sms("000000"), hostWith(otp), Scripts.FAST);
        Execution right = RUNTIME.runSms(script, Scripts.sms("123456"), hostWith(otp), Scripts.FAST);

        assertThat(login.outcome()).isEqualTo(Outcome.OK);
        assertThat(otp.requests).containsExactly(new OtpHost.Request("+14155550123", "auto", 6, null, null, "Acme"));
        assertThat(login.actions().get(0)).isEqualTo(new Action("otp.request",
                Map.of("to", "+14155550123", "channel", "auto", "codeLength", 6, "appName", "Acme"), "ver-1", null));
        assertThat(login.actions().get(1).args())
                .containsEntry("text", "ver-1 +14155550123 auto pending 2026-01-01T00:10:00Z 1 3");
        assertThat(wrong.actions().get(1).args()).containsEntry("text", "pending 2");
        assertThat(right.actions().get(0)).isEqualTo(new Action("otp.verify",
                Map.of("to", "+14155550123", "code", "[redacted]", "status", "approved", "checksLeft", 1), null, null));
        assertThat(right.actions().get(1).args()).containsEntry("text", "approved 1");
        assertThat(otp.codes).containsExactly("000000", "123456");
        assertThat(right.actions().toString()).doesNotContain("123456");
    }

    @Test
    void refusalsRejectWithTheApiCode() {
        FakeOtp otp = new FakeOtp();
        otp.checksLeft = 0;
        Execution execution = Scripts.run(RUNTIME, """
                export async function onSms(sms, ctx) {
                  try { await ctx.otp.request('+99912345'); } catch (e) { console.log(e.code, e instanceof Error); }
                  try { await ctx.otp.verify(sms.from, '4242'); } catch (e) { console.log(e.code); }
                  try { await ctx.otp.request(sms.from, {channel: 'pigeon'}); } catch (e) { console.log(e.name); }
                }
                """, hostWith(otp));

        assertThat(execution.outcome()).isEqualTo(Outcome.OK);
        assertThat(execution.logs()).containsExactly(new LogLine("info", "prefix_blocked true"),
                new LogLine("info", "max_attempts_reached"), new LogLine("info", "TypeError"));
        assertThat(execution.actions()).extracting(Action::errorCode)
                .containsExactly("prefix_blocked", "max_attempts_reached");
        assertThat(execution.actions().get(1).args()).containsEntry("code", "[redacted]").doesNotContainValue("4242");
    }

    @Test
    void withoutAnOtpHostTheHelpersRejectAsUnavailable() {
        Execution execution = Scripts.run(RUNTIME, """
                export async function onSms(sms, ctx) {
                  try { await ctx.otp.request(sms.from); } catch (e) { console.log(e.code); }
                }
                """);

        assertThat(execution.logs()).containsExactly(new LogLine("info", "otp_unavailable"));
    }
}
