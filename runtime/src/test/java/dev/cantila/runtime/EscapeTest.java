package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The escape corpus: each probe must be refused or see nothing, and the runtime must stay healthy after it
 * (checked after every test by running the product handler).
 */
class EscapeTest {
    private static final ScriptRuntime RUNTIME = Scripts.runtime();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @AfterEach
    void runtimeStillServes() {
        CompiledScript healthy = RUNTIME.compile("healthy", "healthy.mjs", Scripts.PRODUCT_HANDLER);
        assertThat(RUNTIME.runSms(healthy, Scripts.sms("hours"), new FakeSmsHost(), Scripts.FAST).outcome())
                .isEqualTo(Outcome.OK);
    }

    /** Evaluates a JS expression inside onSms and returns what it gave, or "refused: <error>". */
    private static String probe(String expression) {
        Execution execution = Scripts.run(RUNTIME, """
                export async function onSms(sms, ctx) {
                  let result;
                  try { result = await (async () => %s)(); } catch (e) { result = 'refused: ' + e; }
                  console.log(typeof result === 'string' ? result : typeof result);
                }
                """.formatted(expression));
        assertThat(execution.outcome()).as("%s", execution).isEqualTo(Outcome.OK);
        return execution.logs().getFirst().text();
    }

    @Test
    void javaTypeIsRefused() {
        assertThat(probe("Java.type('java.lang.System').exit(1)")).startsWith("refused: ");
    }

    @Test
    void javaPackageGlobalIsAbsent() {
        assertThat(probe("java.lang.System.exit(1)")).isEqualTo("refused: ReferenceError: java is not defined");
    }

    @Test
    void packagesIsAbsent() {
        assertThat(probe("Packages.java.lang.Runtime")).isEqualTo("refused: ReferenceError: Packages is not defined");
    }

    @Test
    void loadIsAbsent() {
        assertThat(probe("load('/etc/passwd')")).isEqualTo("refused: ReferenceError: load is not defined");
    }

    @Test
    void polyglotEvalIsAbsent() {
        assertThat(probe("Polyglot.eval('js', '1')")).isEqualTo("refused: ReferenceError: Polyglot is not defined");
    }

    @Test
    void requireIsAbsent() {
        assertThat(probe("require('fs')")).isEqualTo("refused: ReferenceError: require is not defined");
    }

    @Test
    void dynamicImportIsRefused() {
        assertThat(probe("import('fs')")).startsWith("refused: ").contains("not allowed");
        assertThat(probe("import('./handler.mjs')")).startsWith("refused: ").contains("not allowed");
    }

    @Test
    void staticImportIsRefusedAtCompile() {
        ScriptCompileException e = catchThrowableOfType(ScriptCompileException.class, () -> RUNTIME.compile("imp",
                "imp.mjs", "import x from './other.mjs';\nexport function onSms() {}"));

        assertThat(e.message()).contains("not allowed");
    }

    @Test
    void networkAndProcessGlobalsAreAbsent() {
        assertThat(probe("[typeof fetch, typeof XMLHttpRequest, typeof process, typeof setTimeout, typeof Graal,"
                + " typeof print, typeof SharedArrayBuffer, typeof Atomics, typeof WebAssembly].join()"))
                .isEqualTo("undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined");
    }

    @Test
    void everyHelperWalksOnlyToJsBuiltins() {
        String helpers = "[sms, sms.media, ctx, ctx.env, ctx.log, ctx.kv, ctx.sms, ctx.reply, ctx.forward, ctx.sms.send,"
                + " ctx.kv.get, ctx.log.info, console, console.log]";
        Execution execution = Scripts.run(RUNTIME, """
                export function onSms(sms, ctx) {
                  const builtins = new Set([Object.prototype, Function.prototype, Array.prototype, null]);
                  const bad = [];
                  %s.forEach((h, i) => {
                    if (h.getClass !== undefined || h.hashCode !== undefined || h.class !== undefined) bad.push(i + ' java members');
                    if (!builtins.has(Object.getPrototypeOf(h)) || !builtins.has(h.__proto__)) bad.push(i + ' proto');
                    const global = h.constructor.constructor('return this')();
                    if (global !== globalThis) bad.push(i + ' global');
                    if (h.constructor !== Object && h.constructor !== Function && h.constructor !== Array) bad.push(i + ' ctor');
                    for (const k of Reflect.ownKeys(h)) {
                      const v = h[k];
                      if (typeof v === 'function' && Object.getPrototypeOf(v) !== Function.prototype) bad.push(i + '.' + String(k));
                    }
                  });
                  console.log(bad.length === 0 ? 'clean' : bad.join());
                  console.log(globalThis.constructor.constructor('return typeof Java')());
                }
                """.formatted(helpers));

        assertThat(execution.logs()).extracting(LogLine::text).containsExactly("clean", "undefined");
    }

    @Test
    void stackFramesRevealNoRuntimeFunction() {
        Execution execution = Scripts.run(RUNTIME, """
                export function onSms(sms, ctx) {
                  let seen = [];
                  Error.prepareStackTrace = (e, frames) => frames.map((f) => typeof f.getFunction() + ' ' + f.getFileName());
                  ctx.reply({ get templateId() { seen = new Error().stack; return 't'; } });
                  // V8's prepareStackTrace is not honoured by GraalJS (stack stays a string); check either shape.
                  const frames = Array.isArray(seen) ? seen.filter((f) => !f.endsWith('handler.mjs'))
                    : seen.split('\\n').filter((line) => /prelude|cantila|java/i.test(line));
                  console.log(frames.join());
                }
                """);

        assertThat(execution.outcome()).as("%s", execution).isEqualTo(Outcome.OK);
        assertThat(execution.logs()).extracting(LogLine::text).containsExactly("");
    }

    @Test
    void aSloppyHandlerCannotReachItsCaller() {
        Execution execution = Scripts.run(RUNTIME, """
                export const onSms = Function('sms', 'ctx', `
                  let caller;
                  try { caller = typeof arguments.callee.caller; } catch (e) { caller = e.name; }
                  console.log(caller);`);
                """);

        assertThat(execution.logs()).extracting(LogLine::text).first().isIn("undefined", "object", "TypeError");
    }

    @Test
    void globalPollutionDoesNotReachTheNextEventOrAnotherProject() {
        String polluter = """
                export function onSms(sms, ctx) {
                  console.log(String(globalThis.leaked), String(Object.prototype.leaked), String([].leaked));
                  globalThis.leaked = 'global'; Object.prototype.leaked = 'proto'; Array.prototype.leaked = 'array';
                  JSON.stringify = () => 'hijacked';
                }
                """;
        CompiledScript a = RUNTIME.compile("project-a", "a.mjs", polluter);
        CompiledScript b = RUNTIME.compile("project-b", "b.mjs", """
                export function onSms(sms, ctx) {
                  console.log(String(globalThis.leaked), String({}.leaked), JSON.stringify({ ok: 1 }));
                }
                """);

        Execution first = RUNTIME.runSms(a, Scripts.sms("1"), new FakeSmsHost(), Scripts.FAST);
        Execution second = RUNTIME.runSms(a, Scripts.sms("2"), new FakeSmsHost(), Scripts.FAST);
        Execution other = RUNTIME.runSms(b, Scripts.sms("3"), new FakeSmsHost(), Scripts.FAST);

        assertThat(first.logs()).extracting(LogLine::text).containsExactly("undefined undefined undefined");
        assertThat(second.logs()).extracting(LogLine::text).containsExactly("undefined undefined undefined");
        assertThat(other.logs()).extracting(LogLine::text).containsExactly("undefined undefined {\"ok\":1}");
    }

    @Test
    void prototypePollutionOfHelpersIsImpossible() {
        Execution execution = Scripts.run(RUNTIME, """
                export function onSms(sms, ctx) {
                  for (const set of [() => { ctx.reply = null; }, () => { ctx.kv.get = null; }, () => { delete ctx.log.info; }]) {
                    try { set(); } catch (e) { console.log(e.name); }
                  }
                }
                """);

        assertThat(execution.logs()).extracting(LogLine::text).containsExactly("TypeError", "TypeError", "TypeError");
        assertThat(execution.actions()).isEmpty();
        assertThat(execution.outcome()).isEqualTo(Outcome.OK);
        assertThat(Map.of()).isEmpty();
    }
}
