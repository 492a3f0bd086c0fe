package dev.cantila.runtime.bench;

import dev.cantila.runtime.CompiledScript;
import dev.cantila.runtime.Execution;
import dev.cantila.runtime.Limits;
import dev.cantila.runtime.Outcome;
import dev.cantila.runtime.RuntimeOptions;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.runtime.host.SmsEvent;
import dev.cantila.runtime.host.SmsHost;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One inbound SMS through {@link ScriptRuntime#runSms}: hand-off to a script worker, a fresh sandboxed context,
 * prelude, module evaluation (parsed once, cached), the product page's handler, its promise, the execution
 * record. Events alternate between "hours" (reply) and anything else (forward), like the Node twin in
 * {@code node/sms-handler-bench.mjs}. The runtime mode is whatever the forked JVM was started with; {@code contexts}
 * is {@code fresh} (a new context per event, as before warm contexts) or {@code warm} (the engine's default,
 * {@link RuntimeOptions.Warm#DEFAULTS}: a context serves up to 1,000 events).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SmsHandlerBench {
    static final String HANDLER = """
            export async function onSms(sms, ctx) {
              if (/^hours$/i.test(sms.body)) return ctx.reply('We are open 9-5.');
              await ctx.forward('+14155550100');
            }
            """;

    @org.openjdk.jmh.annotations.Param({"fresh", "warm"})
    public String contexts;
    private ScriptRuntime runtime;
    private CompiledScript script;
    private final SmsHost host = new CountingHost();
    private final SmsEvent[] events = {
        new SmsEvent("sms-1", "+14155550123", "+14155550199", "hours", "t-1", "2026-01-01T00:00:00Z", List.of()),
        new SmsEvent("sms-2", "+14155550123", "+14155550199", "call me", "t-1", "2026-01-01T00:00:01Z", List.of()),
    };
    private int next;

    @Setup(Level.Trial)
    public void start() {
        runtime = ScriptRuntime.create(RuntimeOptions.defaults().withWarm(contexts.equals("warm")
                ? RuntimeOptions.Warm.DEFAULTS : RuntimeOptions.Warm.OFF));
        script = runtime.compile("bench", "handler.mjs", HANDLER);
        System.err.println("cantila engine: " + runtime.implementationName());
    }

    @TearDown(Level.Trial)
    public void stop() {
        runtime.close();
    }

    @Benchmark
    public Execution smsInvocation() {
        Execution execution = runtime.runSms(script, events[next++ & 1], host, Limits.SMS_DEFAULTS);
        if (execution.outcome() != Outcome.OK) {
            throw new IllegalStateException("benchmark handler failed: " + execution);
        }
        return execution;
    }

    /** The trivial in-memory host: message ids from a counter, nothing stored. */
    private static final class CountingHost implements SmsHost {
        private long ids;

        private synchronized String id() {
            return "m" + ++ids;
        }

        @Override public String reply(String text) { return id(); }
        @Override public String replyTemplate(String templateId, Map<String, String> vars) { return id(); }
        @Override public String forward(String to, String prefix) { return id(); }
        @Override public String send(String to, String body, String templateId, Map<String, String> vars) {
            return id();
        }
        @Override public Map<String, String> env() { return Map.of("GREETING", "hello"); }
        @Override public String kvGet(String key) { return null; }
        @Override public void kvSet(String key, String json) { }
        @Override public boolean kvDelete(String key) { return false; }
    }
}
