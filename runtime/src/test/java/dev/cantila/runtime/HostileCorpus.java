package dev.cantila.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Handler bodies that try to outrun the watchdog: each catches, re-enters or re-schedules what should stop it. */
final class HostileCorpus {
    private static final Map<String, String> BODIES = new LinkedHashMap<>();

    static {
        BODIES.put("catchingRecursion", "function f(){ try { f(); } catch (e) { f(); } } f();");
        BODIES.put("catchingRecursionFullStacks",
                "Error.stackTraceLimit = 1e9; function f(){ try { f(); } catch (e) { f(); } } f();");
        BODIES.put("slowCatchingRecursion", "const hay = new Int32Array(1 << 20);"
                + " function f(){ try { f(); } catch (e) { hay.indexOf(-1); f(); } } f();");
        BODIES.put("catchingRecursionReadingStack", "function f(){ try { f(); } catch (e) { String(e.stack); f(); } } f();");
        BODIES.put("catchAndContinueLoop", "for (;;) { try { for (;;) {} } catch (e) {} }");
        BODIES.put("finallyReenters", "function g(){ try { g(); } finally { g(); } } g();");
        BODIES.put("asyncRecursion", "async function a(){ try { await a(); } catch (e) { await a(); } } await a();");
        BODIES.put("microtaskLoop", "const spin = () => Promise.resolve().then(spin); spin(); await new Promise(() => {});");
        BODIES.put("thenChainRescheduling",
                "const r = () => Promise.reject(new Error('x')).catch(r).then(r); r(); await new Promise(() => {});");
        BODIES.put("getterReenters",
                "const o = { get x() { try { return this.x; } catch (e) { return this.x; } } }; o.x;");
        BODIES.put("proxyReenters",
                "const p = new Proxy({}, { get(t, k, r) { try { return r[k]; } catch (e) { return r[k]; } } }); p.a;");
        BODIES.put("valueOfReenters",
                "const o = { valueOf() { try { return +o; } catch (e) { return +o; } } }; +o;");
        BODIES.put("toStringReenters",
                "const o = { toString() { try { return '' + o; } catch (e) { return `${o}`; } } }; String(o);");
        BODIES.put("sortComparatorReenters", "const a = Array.from({ length: 64 }, (_, i) => 64 - i);"
                + " function c(x, y) { try { a.slice().sort(c); } catch (e) { a.slice().sort(c); } return x - y; }"
                + " a.sort(c);");
        BODIES.put("backReferenceRegex",
                "for (;;) { try { /^(a+)+\\1$/.test('a'.repeat(40) + 'b'); } catch (e) {} }");
        BODIES.put("doublingString", "let s = 'x'; for (;;) { try { s += s; } catch (e) { s = 'x' + s.length; } }");
        BODIES.put("hugeArrays", "const keep = []; for (;;) keep.push(new Array(1e6).fill(1.5));");
        BODIES.put("toJsonReenters", "const o = { toJSON() { try { return JSON.stringify(o); } catch (e) {"
                + " return JSON.stringify(o); } } }; JSON.stringify(o);");
    }

    static final List<String> SHAPES = List.copyOf(BODIES.keySet());

    private HostileCorpus() {
    }

    static String body(String name) {
        return BODIES.get(name);
    }
}
