package dev.cantila.runtime;

import dev.cantila.runtime.host.CallChannel;
import dev.cantila.runtime.host.CallEvent;
import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.SmsEvent;
import dev.cantila.runtime.host.SmsHost;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * The runtime, one per process: compiles handler modules and runs them, each invocation in a sandboxed context
 * (an SMS invocation in a warm one of its tenant and script version when {@link RuntimeOptions.Warm} allows, see
 * {@link WarmContexts}; compiling and calls always in a fresh one) on a bounded pool of platform threads shared fairly among tenants ({@link WorkerPool}), watched by the
 * {@link Watchdog}. Thread-safe.
 *
 * <p>{@link #runSms} blocks the caller until the invocation ended, after it got a worker: at most the wall clock
 * plus twice the kill grace (interrupt, then close, then the worker is abandoned and the outcome is
 * {@link Outcome#KILLED}); {@link #submitSms} is the same without blocking.
 */
public final class ScriptRuntime implements AutoCloseable {
    /** Upload limit for one handler file, in UTF-8 bytes. */
    public static final int MAX_SOURCE_BYTES = 256 * 1024;

    private final Sandbox sandbox;
    private final Watchdog watchdog;
    private final WorkerPool workers;
    private final RuntimeOptions options;
    private final Map<String, CompiledScript> compiled;
    private final WarmContexts warm;
    private final GuardedWorkers guests;
    private ScriptRuntime(RuntimeOptions options) {
        this.options = options;
        this.sandbox = new Sandbox(options);
        this.workers = new WorkerPool(options.workers(), options.workersPerTenant(), options.queueCapacity(),
                "cantila-js-");
        this.watchdog = new Watchdog(options.watchdogTick(), options.killGrace(), workers::abandon);
        this.warm = new WarmContexts(options.warm(), options.clock());
        this.guests = new GuardedWorkers(sandbox, watchdog, workers, warm);
        this.compiled = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompiledScript> eldest) {
                return size() > options.sourceCacheSize();
            }
        });
    }

    /**
     * Builds the engine and warms it with one throwaway context (the first JS realm costs most of a second
     * in a cold JVM, which must not count against the first tenant's wall clock).
     */
    public static ScriptRuntime create(RuntimeOptions options) {
        ScriptRuntime runtime = new ScriptRuntime(options);
        Limits generous = new Limits(Duration.ofMinutes(1), 1_000_000, 1L << 30, 10, 1 << 10);
        GuardedWorkers.join(runtime.guests.run("warmup", "", generous, new Recorder(generous), null, (context, lease, guard, recorder) ->
                runtime.exports(context, guard, Sandbox.module("warmup.mjs", "export function onSms() {}"), recorder),
                () -> EnumSet.noneOf(Handler.class), () -> EnumSet.noneOf(Handler.class)));
        runtime.warmFunctions(generous);
        return runtime;
    }

    /**
     * One throwaway Functions invocation, so the shim's first (cold, interpreted) run, measured at most of a second,
     * does not count against the first project's function; failures are ignored (the shim's own tests catch them).
     */
    private void warmFunctions(Limits limits) {
        FunctionsProject warm = compileFunctions("warmup", Map.of("functions/warm.js", "exports.handler = (c, e, cb) =>"
                + " { const t = new Twilio.twiml.VoiceResponse(); t.gather({ numDigits: 1 }).say('x'); cb(null, t); };"));
        invokeFunction("warmup", warm, new FunctionRequest("functions/warm.js", "", Map.of(), Map.of()), NO_HOST, limits);
    }

    /** "Interpreted" (fallback runtime) or "GraalVM CE" (optimizing runtime, JVMCI flags given). */
    public String implementationName() {
        return sandbox.implementationName();
    }

    /**
     * Validates and parses a handler: size, syntax, module top level (run once in a throwaway sandbox under
     * {@link RuntimeOptions#compileLimits()}), and at least one of onSms/onCall exported. Cached by
     * (scriptId, content hash): compiling the same text again is free. The top level runs as tenant
     * {@code scriptId} on the shared workers; a top level that cannot be stopped is refused like any other overrun.
     *
     * @throws ScriptCompileException with line and column where the problem has a location
     */
    public CompiledScript compile(String scriptId, String fileName, String sourceText) {
        byte[] bytes = sourceText.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_SOURCE_BYTES) {
            throw new ScriptCompileException(fileName, 0, 0,
                    "script is " + bytes.length + " bytes; the limit is " + MAX_SOURCE_BYTES);
        }
        String hash = ContentHash.sha256(bytes);
        String key = scriptId + "@" + hash;
        if (guests.quarantined(hash)) {
            throw new ScriptCompileException(fileName, 0, 0, "module top level stopped: " + Failures.quarantined());
        }
        CompiledScript hit = compiled.get(key);
        if (hit != null && hit.fileName().equals(fileName)) {
            return hit;
        }
        Source source = Sandbox.module(fileName, sourceText);
        Set<Handler> handlers = GuardedWorkers.join(guests.run(scriptId, hash, options.compileLimits(),
                new Recorder(options.compileLimits()), null,
                (context, lease, guard, recorder) -> exports(context, guard, source, recorder), () -> {
                    throw new ScriptCompileException(fileName, 0, 0, "module top level stopped: "
                            + Failures.killed().message());
                }, () -> {
                    throw new ScriptCompileException(fileName, 0, 0, "module top level stopped: "
                            + Failures.quarantined());
                }));
        if (handlers.isEmpty()) {
            throw new ScriptCompileException(fileName, 0, 0, "the module exports neither onSms nor onCall");
        }
        CompiledScript script = new CompiledScript(scriptId, fileName, key.substring(key.indexOf('@') + 1),
                handlers, source);
        compiled.put(key, script);
        return script;
    }

    /**
     * Validates a Twilio Functions project ({@link FunctionsProject}): its layout, sizes and every function file's
     * syntax (parsed in a throwaway sandbox; no top level runs: Twilio runs a file when it is first required).
     *
     * @param files path → text
     * @throws ScriptCompileException naming the file, with line and column for a syntax error
     */
    public FunctionsProject compileFunctions(String scriptId, Map<String, String> files) {
        FunctionsProject.Layout layout = FunctionsProject.layout(files);
        String hash = FunctionsProject.hash(files);
        Map<String, Source> sources = new LinkedHashMap<>();
        for (FunctionsProject.Function f : layout.functions()) {
            sources.put(f.file(), FunctionsProject.source(f.file(), files.get(f.file())));
        }
        Limits limits = options.compileLimits();
        GuardedWorkers.join(guests.run(scriptId, hash, limits, new Recorder(limits), null, (context, lease, guard, recorder) -> {
            for (Source source : sources.values()) {
                try {
                    context.eval(source);
                } catch (PolyglotException e) {
                    ScriptError error = Failures.error(e, Failures.outcome(e, guard.stopReason()), source.getName());
                    int column = error.line() == 1 ? Math.max(1, error.column() - FunctionsProject.PREFIX.length())
                            : error.column();
                    throw new ScriptCompileException(source.getName(), error.line(), column, error.message());
                }
            }
            return null;
        }, () -> {
            throw new ScriptCompileException("files", 0, 0, "parsing stopped: " + Failures.killed().message());
        }, () -> {
            throw new ScriptCompileException("files", 0, 0, Failures.quarantined());
        }));
        return new FunctionsProject(scriptId, hash, layout, sources);
    }

    /**
     * Runs one function of a Functions project ({@code exports.handler(context, event, callback)}) in a fresh
     * sandbox under {@code limits} as {@code tenant}, and waits for its answer. Never throws for script faults:
     * a failed run is a {@link FunctionResult} with status 500 and the execution's located error.
     */
    public FunctionResult invokeFunction(String tenant, FunctionsProject project, FunctionRequest request, SmsHost host,
                                         Limits limits) {
        Recorder recorder = new Recorder(limits);
        long[] start = {System.nanoTime()};
        FunctionRun run = new FunctionRun(sandbox, project, request, host);
        return GuardedWorkers.join(guests.run(tenant, project.contentHash(), limits, recorder, null, (context, lease, guard, rec) -> {
            start[0] = System.nanoTime();
            return run.run(context, guard, rec, start[0]);
        }, () -> FunctionRun.failed(Failures.killed(project.scriptId(), start[0])),
                () -> FunctionRun.failed(new Execution(project.scriptId(), Outcome.KILLED, List.of(), List.of(), false,
                        Duration.ZERO, Failures.plain(Failures.quarantined())))));
    }

    /** Runs {@code onSms(sms, ctx)} and waits for it, its promise included. Never throws for script faults. */
    public Execution runSms(CompiledScript script, SmsEvent event, SmsHost host, Limits limits) {
        return GuardedWorkers.join(submitSms(script.scriptId(), script, event, host, limits));
    }

    /** {@link #runSms(CompiledScript, SmsEvent, SmsHost, Limits)} counted against {@code tenant}'s share. */
    public Execution runSms(String tenant, CompiledScript script, SmsEvent event, SmsHost host, Limits limits) {
        return GuardedWorkers.join(submitSms(tenant, script, event, host, limits));
    }

    /**
     * From now on no warm context of {@code tenant} made before this call serves another event (the engine calls it
     * on deploy, so a new deployment starts with fresh module state on every worker).
     */
    public void discardWarm(String tenant) {
        warm.discard(tenant);
    }

    /** What the workers are doing now (busy, queued per tenant, abandoned, stuck). */
    public WorkerStats workerStats() {
        return workers.stats(watchdog.stuck());
    }

    /** {@link #submitSms(String, CompiledScript, SmsEvent, SmsHost, Limits)} with the script as its own tenant. */
    public CompletableFuture<Execution> submitSms(CompiledScript script, SmsEvent event, SmsHost host, Limits limits) {
        return submitSms(script.scriptId(), script, event, host, limits);
    }

    /**
     * Like {@link #runSms} without blocking: the future completes with the execution, on the worker thread.
     *
     * Runs as {@code tenant}: at most {@link RuntimeOptions#workersPerTenant()} of a tenant's invocations run at
     * once, the others wait in the tenant's own queue.
     *
     * @throws java.util.concurrent.RejectedExecutionException at once when {@link RuntimeOptions#queueCapacity()}
     *         invocations of the tenant are already waiting (the engine treats it like a failed script: no reply)
     */
    public CompletableFuture<Execution> submitSms(String tenant, CompiledScript script, SmsEvent event, SmsHost host,
                                                  Limits limits) {
        Recorder recorder = new Recorder(limits);
        long[] start = {System.nanoTime()};
        java.util.concurrent.atomic.AtomicReference<SmsBinding> bound = new java.util.concurrent.atomic.AtomicReference<>();
        WarmContexts.Key warmKey = warm.warmFor(tenant)
                ? new WarmContexts.Key(tenant, script.scriptId(), script.contentHash(), limits) : null;
        return guests.run(tenant, script.contentHash(), limits, recorder, warmKey, (context, lease, guard, rec) -> {
            start[0] = System.nanoTime();
            SmsBinding binding = new SmsBinding(host, rec);
            bound.set(binding);
            Completion done = new Completion();
            try {
                Value run;
                Value handler;
                if (lease == null) {
                    run = context.eval(sandbox.prelude()).execute(binding).getMember("sms");
                    handler = context.eval(script.source()).getMember(Handler.SMS.exportName());
                } else {
                    lease.bind(rec, binding);
                    if (lease.run == null) {
                        // The prelude and the module's top level run once per warm context, in its first event.
                        lease.run = context.eval(sandbox.prelude()).execute(lease.host()).getMember("sms");
                        lease.handler = context.eval(script.source()).getMember(Handler.SMS.exportName());
                    }
                    run = lease.run;
                    handler = lease.handler;
                }
                if (handler == null || !handler.canExecute()) {
                    return rec.finish(script.scriptId(), Outcome.NO_HANDLER, start[0], null);
                }
                run.executeVoid(handler, eventJson(event), done);
                Completion.Ending ending = done.ending(binding, false, script.fileName());
                return rec.finish(script.scriptId(), ending.outcome(), start[0], ending.error());
            } catch (PolyglotException e) {
                Outcome outcome = Failures.outcome(e, guard.stopReason());
                return rec.finish(script.scriptId(), outcome, start[0],
                        binding.hostFailure() != null ? Failures.plain("host failure: " + binding.hostFailure())
                                : Failures.at(Failures.error(e, outcome, script.fileName()), done.failure(),
                                script.fileName()));
            } catch (IllegalStateException e) {
                // The watchdog closed the context between two guest calls.
                Outcome outcome = guard.stopReason() != null ? guard.stopReason() : Outcome.ERROR;
                return rec.finish(script.scriptId(), outcome, start[0], Failures.stopped(outcome, e.getMessage()));
            }
        }, () -> {
            if (bound.get() != null) {
                bound.get().fence();
            }
            return Failures.killed(script.scriptId(), start[0]);
        }, () -> new Execution(script.scriptId(), Outcome.KILLED,
                List.of(), List.of(), false, Duration.ZERO, Failures.plain(Failures.quarantined())));
    }

    /**
     * Starts {@code onCall(call, ctx)} for a live call. The context lives as long as the call; each turn (the
     * first invocation, each settled channel operation) gets {@code turnLimits} afresh. {@code ctxHost}
     * backs {@code ctx.env}, {@code ctx.kv}, {@code ctx.sms.send} and the log (its reply/forward are not
     * reachable from a call). Completes when the handler's promise settled, a turn overran, or the handler
     * awaits something that can never come; the engine then plays its fallback if the outcome is not OK.
     * Cancelling the returned future stops the session: no further turn runs and its context is closed (the engine
     * does this when a script outlives its call).
     */
    public CompletableFuture<Execution> startCall(CompiledScript script, CallEvent event, CallChannel channel,
                                                  SmsHost ctxHost, Limits turnLimits) {
        return startCall(script, event, channel, ctxHost, turnLimits, workers.executor(script.scriptId()));
    }

    /**
     * Like {@link #startCall(CompiledScript, CallEvent, CallChannel, SmsHost, Limits)}, with the call's turns run by
     * {@code turns} instead of the runtime's workers. {@code cantila test} passes a queue it drains on one thread,
     * so a simulated call advances deterministically: when the queue is empty, the handler is waiting on the world.
     * {@code turns} must run tasks on platform threads (the allocation watchdog measures per thread).
     */
    public CompletableFuture<Execution> startCall(CompiledScript script, CallEvent event, CallChannel channel,
                                                  SmsHost ctxHost, Limits turnLimits, java.util.concurrent.Executor turns) {
        return new CallSession(sandbox, watchdog, turns, script, turnLimits).start(event, channel, ctxHost);
    }

    private Set<Handler> exports(Context context, Watchdog.Guard guard, Source source, Recorder recorder) {
        try {
            context.eval(sandbox.prelude()).execute(new SmsBinding(NO_HOST, recorder));
            Value namespace = context.eval(source);
            Set<Handler> handlers = EnumSet.noneOf(Handler.class);
            for (Handler handler : Handler.values()) {
                Value member = namespace.getMember(handler.exportName());
                if (member != null && member.canExecute()) {
                    handlers.add(handler);
                }
            }
            return handlers;
        } catch (PolyglotException e) {
            Outcome outcome = Failures.outcome(e, guard.stopReason());
            ScriptError error = Failures.error(e, outcome, source.getName());
            String message = e.isSyntaxError() ? error.message()
                    : outcome == Outcome.ERROR ? "module top level failed: " + error.message()
                    : "module top level stopped: " + error.message();
            throw new ScriptCompileException(source.getName(), error.line(), error.column(), message);
        } catch (IllegalStateException e) {
            // The watchdog closed the context between two guest calls.
            Outcome outcome = guard.stopReason() != null ? guard.stopReason() : Outcome.ERROR;
            throw new ScriptCompileException(source.getName(), 0, 0,
                    "module top level stopped: " + Failures.stopped(outcome, e.getMessage()).message());
        }
    }

    /** {@code {id, from, to, body, threadId, receivedAt, media: [..]}} as JSON text. */
    private static String eventJson(SmsEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", event.id());
        fields.put("from", event.from());
        fields.put("to", event.to());
        fields.put("body", event.body());
        fields.put("threadId", event.threadId());
        fields.put("receivedAt", event.receivedAt());
        String head = Json.object(fields);
        StringBuilder out = new StringBuilder(head.length() + 16).append(head, 0, head.length() - 1).append(",\"media\":[");
        for (int i = 0; i < event.media().size(); i++) {
            Json.quote(i == 0 ? out : out.append(','), event.media().get(i));
        }
        return out.append("]}").toString();
    }

    /**
     * Process shutdown: stops the workers and the watchdog and closes the engine, cancelling whatever still
     * runs, for at most twice the kill grace (an abandoned worker's context may never close; its thread is a
     * daemon and does not hold the process). Futures of invocations and calls still pending are left incomplete;
     * drain traffic first.
     */
    @Override
    public void close() {
        workers.close();
        watchdog.close();
        if (workers.stats(0).abandoned() > 0) {
            // Closing the engine under a context that cannot be cancelled blocks, and so would the JVM's exit
            // (measured: System.exit and SIGTERM hang). The process is going away; leave the engine to it.
            return;
        }
        Thread closing = Thread.ofPlatform().daemon().name("cantila-js-close").start(sandbox::close);
        try {
            closing.join(options.killGrace().multipliedBy(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** At compile time the module's top level may log, but there is no event to act on. */
    private static final SmsHost NO_HOST = new SmsHost() {
        private HostActionException refuse() {
            return new HostActionException("no_event", "ctx is only available inside a handler");
        }

        @Override public String reply(String text) { throw refuse(); }
        @Override public String replyTemplate(String templateId, Map<String, String> vars) { throw refuse(); }
        @Override public String forward(String to, String prefix) { throw refuse(); }
        @Override public String send(String to, String body, String templateId, Map<String, String> vars) {
            throw refuse();
        }
        @Override public Map<String, String> env() { return Map.of(); }
        @Override public String kvGet(String key) { throw refuse(); }
        @Override public void kvSet(String key, String json) { throw refuse(); }
        @Override public boolean kvDelete(String key) { throw refuse(); }
    };
}
