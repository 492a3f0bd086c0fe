package dev.cantila.runtime;

import dev.cantila.runtime.host.SmsEvent;
import java.time.Duration;
import java.util.List;

/** Shared fixtures: one runtime per test class, a sample event, tight limits so failures are fast. */
final class Scripts {
    static final Limits FAST = Limits.SMS_DEFAULTS.withWallClock(Duration.ofSeconds(1));
    static final String PRODUCT_HANDLER = """
            export async function onSms(sms, ctx) {
              if (/^hours$/i.test(sms.body)) return ctx.reply('We are open 9-5.');
              await ctx.forward('+14155550100');
            }
            """;

    private Scripts() {
    }

    static ScriptRuntime runtime() {
        return ScriptRuntime.create(RuntimeOptions.defaults().withWorkers(4));
    }

    static SmsEvent sms(String body) {
        return new SmsEvent("sms-1", "+14155550123", "+14155550199", body, "thread-1", "2026-01-01T00:00:00Z",
                List.of());
    }

    /** Compiles a one-off handler and runs it once with FAST limits. */
    static Execution run(ScriptRuntime runtime, String source, FakeSmsHost host) {
        CompiledScript script = runtime.compile("s-" + Integer.toHexString(source.hashCode()), "handler.mjs", source);
        return runtime.runSms(script, sms("hello"), host, FAST);
    }

    static Execution run(ScriptRuntime runtime, String source) {
        return run(runtime, source, new FakeSmsHost());
    }
}
