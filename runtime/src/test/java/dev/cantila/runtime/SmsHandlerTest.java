package dev.cantila.runtime;

import static dev.cantila.runtime.Scripts.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

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
                .containsExactly(tuple("forward", Map.of("to", "+14155550100")));
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

    @Test
    void anyBodyTextReachesTheScriptIntact() {
        String body = "quote \" backslash \\ newline \n tab \t nul \u0000 sep \u2028 é 😀 </script>";
        CompiledScript echo = RUNTIME.compile("echo", "echo.mjs", "export function onSms(sms, ctx) { ctx.reply(sms.body); }");
        FakeSmsHost host = new FakeSmsHost(java.util.Map.of("K\"ey", "v\nal"));

        Execution execution = RUNTIME.runSms(echo, new dev.cantila.runtime.host.SmsEvent("i", "f", "t", body, null,
                "2026-01-01T00:00:00Z", java.util.List.of("https://m/1")), host, Scripts.FAST);

        assertThat(execution.outcome()).isEqualTo(Outcome.OK);
        assertThat(host.sent).containsExactly("reply:" + body);
    }

    @Test
    void concurrentInvocationsEachActOnTheirOwnHost() {
        CompiledScript script = RUNTIME.compile("echo-n", "echo.mjs",
                "export async function onSms(sms, ctx) { await null; ctx.reply('re: ' + sms.body); }");
        java.util.List<FakeSmsHost> hosts = java.util.stream.IntStream.range(0, 200).mapToObj(i -> new FakeSmsHost()).toList();

        java.util.List<java.util.concurrent.CompletableFuture<Execution>> runs = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> RUNTIME.submitSms(script, Scripts.sms("n" + i), hosts.get(i), Limits.SMS_DEFAULTS))
                .toList();

        for (int i = 0; i < 200; i++) {
            assertThat(runs.get(i).join().outcome()).isEqualTo(Outcome.OK);
            assertThat(hosts.get(i).sent).containsExactly("reply:re: n" + i);
        }
    }

    @Test
    void theRuntimeSaysWhichTruffleRuntimeItUses() {
        assertThat(RUNTIME.implementationName()).isIn("Interpreted", "GraalVM CE");
    }

    @Test
    void actionsAreRecordedInOrderWithTheirArguments() {
        FakeSmsHost host = new FakeSmsHost();
        Execution execution = run(RUNTIME, """
                export async function onSms(sms, ctx) {
                  const r = ctx.reply({ templateId: 'tpl-1', vars: { name: 'Ada', n: 3 } });
                  await ctx.forward('+14155550100', { prefix: 'From ' + sms.from + ': ' });
                  ctx.sms.send({ to: '+14155550101', body: 'copy' });
                  ctx.sms.send({ to: '+14155550102', templateId: 'tpl-2', vars: { a: 'b' } });
                  console.log(r.id);
                }
                """, host);

        assertThat(execution.outcome()).isEqualTo(Outcome.OK);
        assertThat(execution.actions()).extracting(Action::name, Action::args, Action::messageId).containsExactly(
                tuple("replyTemplate", Map.of("templateId", "tpl-1", "vars", Map.of("name", "Ada", "n", "3")), "msg-1"),
                tuple("forward", Map.of("to", "+14155550100", "prefix", "From +14155550123: "), "msg-2"),
                tuple("send", Map.of("to", "+14155550101", "body", "copy"), "msg-3"),
                tuple("send", Map.of("to", "+14155550102", "templateId", "tpl-2", "vars", Map.of("a", "b")), "msg-4"));
        assertThat(execution.logs()).extracting(LogLine::text).containsExactly("msg-1");
    }

    @Test
    void aRefusedActionIsAJsErrorWithTheHostCodeAndIsRecorded() {
        Execution execution = run(RUNTIME, """
                export function onSms(sms, ctx) {
                  try { ctx.forward('+15550000000'); } catch (e) { console.log(e instanceof Error, e.code, e.message); }
                }
                """);

        assertThat(execution.outcome()).isEqualTo(Outcome.OK);
        assertThat(execution.logs()).extracting(LogLine::text).containsExactly("true opted_out +15550000000 has opted out");
        assertThat(execution.actions()).containsExactly(
                new Action("forward", Map.of("to", "+15550000000"), null, "opted_out"));
    }

    @Test
    void anUncaughtRefusalFailsTheExecution() {
        Execution execution = run(RUNTIME, """
                export async function onSms(sms, ctx) {
                  await ctx.sms.send({ to: '+15550000000', body: 'x' });
                }
                """);

        assertThat(execution.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(execution.error().message()).contains("+15550000000 has opted out");
    }

    @Test
    void helperArgumentsAreTypeChecked() {
        Execution execution = run(RUNTIME, """
                export function onSms(sms, ctx) {
                  const attempts = [() => ctx.reply(42), () => ctx.reply({ vars: {} }), () => ctx.forward(1),
                    () => ctx.forward('+1', 'x'), () => ctx.sms.send({ to: '+1' }), () => ctx.sms.send('x'),
                    () => ctx.reply({ templateId: 't', vars: { a: {} } }), () => ctx.kv.get(3)];
                  for (const f of attempts) { try { f(); } catch (e) { console.log(String(e)); } }
                }
                """);

        assertThat(execution.logs()).extracting(LogLine::text).containsExactly(
                "TypeError: ctx.reply expects a string or {templateId, vars}",
                "TypeError: ctx.reply expects a string or {templateId, vars}",
                "TypeError: ctx.forward expects a phone number string",
                "TypeError: ctx.forward expects options {prefix}",
                "TypeError: ctx.sms.send expects {to, body} or {to, templateId, vars}",
                "TypeError: ctx.sms.send expects {to, body} or {to, templateId, vars}",
                "TypeError: ctx.reply: vars.a must be a string, number or boolean",
                "TypeError: ctx.kv.get expects a non-empty string key");
        assertThat(execution.actions()).isEmpty();
    }

    @Test
    void envIsAFrozenCopy() {
        Execution execution = run(RUNTIME, """
                export function onSms(sms, ctx) {
                  try { ctx.env.GREETING = 'x'; } catch (e) { console.log(e.name); }
                  console.log(ctx.env.GREETING, Object.isFrozen(ctx.env), Object.keys(ctx.env));
                }
                """);

        assertThat(execution.logs()).extracting(LogLine::text).containsExactly("TypeError", "hello true [\"GREETING\"]");
    }

    @Test
    void kvStoresJsonValues() {
        FakeSmsHost host = new FakeSmsHost();
        Execution execution = run(RUNTIME, """
                export async function onSms(sms, ctx) {
                  ctx.kv.set('count', { n: 1, tags: ['a'] });
                  const v = await ctx.kv.get('count');
                  console.log(v.n, v.tags[0], ctx.kv.get('missing'));
                  try { ctx.kv.set('f', () => 1); } catch (e) { console.log(String(e)); }
                  try { ctx.kv.set('big', 'x'.repeat(2000)); } catch (e) { console.log(e.code); }
                  console.log(ctx.kv.delete('count'), ctx.kv.delete('count'));
                  ctx.kv.set('name', 'Ada');
                }
                """, host);

        assertThat(execution.outcome()).isEqualTo(Outcome.OK);
        assertThat(execution.logs()).extracting(LogLine::text).containsExactly("1 a null",
                "TypeError: ctx.kv.set expects a JSON-serialisable value", "kv_value_too_large", "true false");
        assertThat(host.kv).containsExactly(Map.entry("name", "\"Ada\""));
    }

    @Test
    void consoleAndCtxLogKeepLevelsAndStringifyObjects() {
        Execution execution = run(RUNTIME, """
                const cyclic = {}; cyclic.self = cyclic;
                export function onSms(sms, ctx) {
                  console.log('a', 1, { b: [2] }, null, undefined);
                  console.debug('d'); console.warn('w'); console.error(new TypeError('boom'));
                  ctx.log.info('i'); ctx.log.warn('w2'); ctx.log.error(cyclic);
                }
                """);

        assertThat(execution.logs()).containsExactly(new LogLine("info", "a 1 {\"b\":[2]} null undefined"),
                new LogLine("debug", "d"), new LogLine("warn", "w"), new LogLine("error", "TypeError: boom"),
                new LogLine("info", "i"), new LogLine("warn", "w2"), new LogLine("error", "[object Object]"));
    }

    @Test
    void aScriptWithoutOnSmsIsNoHandler() {
        Execution execution = run(RUNTIME, "export async function onCall(call, ctx) {}");

        assertThat(execution.outcome()).isEqualTo(Outcome.NO_HANDLER);
        assertThat(execution.error()).isNull();
    }

    @Test
    void anAsyncHandlerIsAwaitedThroughManyPromiseJobs() {
        Execution execution = run(RUNTIME, """
                export async function onSms(sms, ctx) {
                  let n = 0;
                  for (let i = 0; i < 50; i++) n += await Promise.resolve(i);
                  await new Promise((resolve) => Promise.resolve().then(resolve));
                  ctx.reply('sum ' + n);
                }
                """);

        assertThat(execution.outcome()).isEqualTo(Outcome.OK);
        assertThat(execution.actions()).extracting(Action::args).containsExactly(Map.of("text", "sum 1225"));
    }
}
