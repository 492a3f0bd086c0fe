package dev.cantila.runtime;

import static dev.cantila.runtime.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SmsHandlerTest {
    private static final ScriptRuntime RUNTIME = Scripts.runtime();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void productHandlerRepliesToHoursAndForwardsTheRest() {
        CompiledScript script = RUNTIME.compile("p1", "handler.mjs", Scripts.PRODUCT_HANDLER);
        FakeSmsHost host = new FakeSmsHost();

        Execution hours = RUNTIME.runSms(script, Scripts.sms("HOURS"), host, Scripts.FAST);
        Execution other = RUNTIME.runSms(script, Scripts.sms("hi there"), host, Scripts.FAST);

        assertThat(hours.outcome()).isEqualTo(Outcome.OK);
        assertThat(hours.actions()).containsExactly(new Action("reply", Map.of("text", "We are open 9-5."), "msg-1", null));
        assertThat(other.outcome()).isEqualTo(Outcome.OK);
        assertThat(other.actions()).extracting(Action::name, Action::args)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("forward", Map.of("to", "+14155550100")));
        assertThat(host.sent).containsExactly("reply:We are open 9-5.", "forward:+14155550100:null");
        assertThat(script.handlers()).containsExactly(Handler.SMS);
    }

    @Test
    void smsObjectCarriesTheEventAndIsFrozen() {
        Execution execution = run(RUNTIME, """
                export function onSms(sms, ctx) {
                  try { sms.body = 'changed'; } catch (e) { console.log(e.name); }
                  console.log(sms.id, sms.from, sms.to, sms.body, sms.threadId, sms.receivedAt, sms.media.length,
                    Object.isFrozen(sms));
                }
                """);

        assertThat(execution.outcome()).isEqualTo(Outcome.OK);
        assertThat(execution.logs()).containsExactly(new LogLine("info", "TypeError"), new LogLine("info",
                "sms-1 +14155550123 +14155550199 hello thread-1 2026-01-01T00:00:00Z 0 true"));
    }
}
