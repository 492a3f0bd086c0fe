package dev.cantila.runtime;

import dev.cantila.runtime.host.CallChannel;
import dev.cantila.runtime.host.CallEvent;
import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.SmsHost;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One live call: a context for the call's lifetime, driven in turns. A turn is the initial {@code onCall}
 * invocation or the settlement of one channel operation; turns come from the inbox, run on the script
 * workers one at a time (never two threads in the context, which GraalJS forbids), each under its own
 * {@link Limits} with {@code resetLimits()} and a fresh watchdog guard. Between turns the call holds no
 * thread. Ends when the handler's promise settles, a turn overruns, or nothing is left that could resume it —
 * or when the engine cancels the returned future (its call is long gone and the script still waits on something):
 * then no further turn runs and the context is closed by the next drain.
 */
final class CallSession {
    private final Sandbox sandbox;
    private final Watchdog watchdog;
    private final Executor workers;
    private final CompiledScript script;
    private final Limits limits;
    private final Recorder recorder;
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CompletableFuture<Execution> result = new CompletableFuture<>();
    private final Completion done = new Completion();
    private final long start = System.nanoTime();
    private Context context;
    private Value settle;
    private int outstanding;
    private SmsBinding ctxOps;

    CallSession(Sandbox sandbox, Watchdog watchdog, Executor workers, CompiledScript script, Limits limits) {
        this.sandbox = sandbox;
        this.watchdog = watchdog;
        this.workers = workers;
        this.script = script;
        this.limits = limits;
        this.recorder = new Recorder(limits);
    }

    CompletableFuture<Execution> start(CallEvent event, CallChannel channel, SmsHost ctxHost) {
        result.whenComplete((execution, failure) -> {
            if (failure != null) {
                post(() -> { });
            }
        });
        post(() -> {
            ctxOps = new SmsBinding(ctxHost, recorder);
            CallBinding binding = new CallBinding(channel, ctxOps, recorder, this::whenSettled);
            Value facade = context.eval(sandbox.prelude()).execute(binding);
            settle = facade.getMember("settle");
            Value handler = context.eval(script.source()).getMember(Handler.CALL.exportName());
            if (handler == null || !handler.canExecute()) {
                end(Outcome.NO_HANDLER, null);
                return;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("id", event.id());
            fields.put("from", event.from());
            fields.put("to", event.to());
            fields.put("direction", event.direction());
            String call = Json.object(fields);
            call = call.substring(0, call.length() - 1) + ",\"params\":" + Json.object(event.params()) + "}";
            facade.getMember("call").executeVoid(handler, call, Json.object(ctxHost.env()), done);
        });
        return result;
    }

    /** Called in a turn when a channel operation started; its completion, from any thread, becomes a turn. */
    private void whenSettled(int ticket, CompletableFuture<?> operation) {
        outstanding++;
        operation.whenComplete((value, failure) -> post(() -> {
            outstanding--;
            if (failure == null) {
                settle.executeVoid(ticket, true, value, null);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                String code = cause instanceof HostActionException h ? h.code() : "channel_error";
                settle.executeVoid(ticket, false, String.valueOf(cause.getMessage()), code);
            }
        }));
    }

    private void post(Runnable turn) {
        inbox.add(turn);
        if (draining.compareAndSet(false, true)) {
            workers.execute(this::drain);
        }
    }

    /** Runs queued turns one after the other on this worker; rechecks after releasing so no post is lost. */
    private void drain() {
        do {
            Runnable turn;
            while ((turn = inbox.poll()) != null) {
                if (!result.isDone()) {
                    run(turn);
                }
            }
            if (result.isDone()) {
                closeContext();
            }
            draining.set(false);
        } while (!inbox.isEmpty() && draining.compareAndSet(false, true));
    }

    private void run(Runnable turn) {
        Watchdog.Guard guard = null;
        try {
            if (context == null) {
                context = sandbox.newContext(limits, recorder);
            }
            guard = watchdog.watch(context, limits,
                    () -> result.complete(Failures.killed(script.scriptId(), start)));
            context.resetLimits();
            turn.run();
            afterTurn();
        } catch (PolyglotException e) {
            Outcome outcome = Failures.outcome(e, guard == null ? null : guard.stopReason());
            end(outcome, Failures.error(e, outcome, script.fileName()));
        } catch (RuntimeException e) {
            Outcome stopped = guard == null ? null : guard.stopReason();
            end(stopped != null ? stopped : Outcome.ERROR, Failures.plain(e.toString()));
        } finally {
            if (guard != null && !watchdog.release(guard)) {
                // Abandoned: the caller has KILLED; the context is left to this thread, never closed (it may hang).
                context = null;
            }
        }
    }

    private void afterTurn() {
        if (result.isDone()) {
            return;
        }
        Completion.Ending ending = done.ending(ctxOps, outstanding > 0, script.fileName());
        if (ending != null) {
            end(ending.outcome(), ending.error());
        }
    }

    private void end(Outcome outcome, ScriptError error) {
        Execution execution = recorder.finish(script.scriptId(), outcome, start, error);
        closeContext();
        result.complete(execution);
    }

    /** Only on the draining worker, never inside a turn of another thread. */
    private void closeContext() {
        if (context != null) {
            try {
                context.close();
            } catch (RuntimeException e) {
                // A cancelled context rethrows its cancellation on close; already reported.
            }
            context = null;
            settle = null;
        }
    }
}
