package dev.cantila.engine.voice;

import dev.cantila.engine.twilio.TwimlOutcomes;
import dev.cantila.engine.scripts.Routing;
import dev.cantila.engine.scripts.VoiceHandlers;
import dev.cantila.runtime.Execution;
import dev.cantila.runtime.Limits;
import dev.cantila.runtime.host.CallChannel;
import dev.cantila.runtime.host.CallEvent;
import dev.cantila.engine.scripts.ExecutionOutcomes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import dev.cantila.engine.twilio.FunctionsSource;
import dev.cantila.engine.twilio.TwilioRequests;
import dev.cantila.scripts.twiml.TwimlSource;
import dev.cantila.scripts.twiml.TwimlCall;
import dev.cantila.scripts.twiml.TwimlException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the handler of a call from its route: a script's {@code onCall} (one call session, on the script workers,
 * never on the switch's thread), a URL's JSON actions ({@link UrlActions}), a forward, or voicemail. Each run is
 * recorded in the execution log.
 */
final class CallRouter {
    private static final Logger LOG = Logger.getLogger(CallRouter.class.getName());
    static final String VOICEMAIL_GREETING = "Please leave a message after the tone.";

    private final VoiceHandlers handlers;
    private final UrlActions urls;
    private final CallStore store;
    private final Map<String, CallProgram> programs = new java.util.concurrent.ConcurrentHashMap<>();

    CallRouter(VoiceHandlers handlers, UrlActions urls, CallStore store) {
        this.handlers = handlers;
        this.urls = urls;
        this.store = store;
    }

    /** @param route the route kind and its target (script id, URL, E.164; none for voicemail) */
    LiveCall.Handling start(LiveCall live, Routing.Route route) {
        Call call = live.call();
        return switch (route.kind()) {
            case "script" -> script(live, route);
            case "url" -> route.twilio() ? twiml(live, handlers.twilio(), route.target(), route.method(), null)
                    : urls.run(live, route.target());
            case "forward" -> simple(live.forward(List.of(route.target()), CallChannel.DEFAULT_FORWARD_TIMEOUT, null,
                    false));
            case "voicemail" -> simple(live.voicemail(VOICEMAIL_GREETING, CallChannel.DEFAULT_MAX_RECORDING, true));
            default -> program(live, route);
        };
    }

    /** Registers the engine's own call program for route kind {@code kind} (see {@link CallProgram}). */
    void program(String kind, CallProgram program) {
        if (List.of("script", "url", "forward", "voicemail").contains(kind) || programs.putIfAbsent(kind, program) != null) {
            throw new IllegalStateException("a voice route of kind " + kind + " exists already");
        }
    }

    boolean hasProgram(String kind) {
        return programs.containsKey(kind);
    }

    private LiveCall.Handling program(LiveCall live, Routing.Route route) {
        Call call = live.call();
        CallProgram p = programs.get(route.kind());
        if (p == null) {
            throw new IllegalStateException("call " + call.id() + ": unknown voice route " + route.kind());
        }
        CallProgram.Channel channel = new CallProgram.Channel() {
            @Override
            public CompletableFuture<Void> say(String text, String shown) {
                return live.sayRedacted(text, shown);
            }

            @Override
            public CompletableFuture<Void> pause(java.time.Duration duration) {
                return live.pause(duration);
            }

            @Override
            public CompletableFuture<String> gather(String prompt, int numDigits, java.time.Duration timeout) {
                return live.gather(new CallChannel.Gather(numDigits, "", timeout, timeout,
                        new CallChannel.Prompt(prompt, null, null)));
            }

            @Override
            public CompletableFuture<Void> hangup() {
                return live.hangup("NORMAL_CLEARING");
            }
        };
        CompletableFuture<?> run;
        try {
            run = p.run(call, route.target(), channel);
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        return new LiveCall.Handling(run.handle((v, e) -> {
            if (e != null) {
                LOG.log(Level.FINE, "call " + call.id() + ": the " + route.kind() + " program ended early", e);
            }
            return e == null;
        }), () -> { });
    }

    private static LiveCall.Handling simple(CompletableFuture<?> work) {
        return new LiveCall.Handling(work.handle((v, e) -> true), () -> { });
    }

    /**
     * TwiML drives the call ({@link TwimlCall}): a {@code twilio} URL's app, or ({@code functions} non-null) a
     * Functions project whose documents come from its functions; the run goes to the execution log.
     */
    private LiveCall.Handling twiml(LiveCall live, TwimlSource source, String url, String method,
                                    VoiceHandlers.Deployed functions) {
        Call call = live.call();
        long start = System.nanoTime();
        TwilioRequests requests = handlers.twilio();
        TwimlCall run = new TwimlCall(source, live, new TwimlCall.CallInfo(call.id(), call.projectId(), call.from(),
                call.to(), call.direction()), id -> store.get(call.projectId(), call.id()).recordings().stream()
                .filter(r -> r.id().equals(id)).findFirst()
                .map(r -> new TwimlCall.Recording(r.durationMs(), requests.absolute(r.audioUrl()))).orElse(null));
        CompletableFuture<Boolean> done = run.run(url, method).handle((ok, failure) -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("event", event(call));
            detail.put("format", "twilio");
            detail.put("steps", run.log());
            if (source instanceof FunctionsSource f) {
                detail.put("functions", f.runs());
            }
            String outcome = ExecutionOutcomes.OK;
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                detail.put("error", String.valueOf(cause.getMessage()));
                outcome = TwimlOutcomes.of(cause);
            }
            try {
                handlers.record(call.projectId(), functions == null ? null : functions.scriptId(),
                        functions == null ? null : functions.version(), functions == null ? "url" : "script",
                        call.direction().equals("inbound") ? call.to() : call.from(), call.id(), outcome,
                        (System.nanoTime() - start) / 1_000_000, detail);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "call " + call.id() + ": recording the TwiML run failed", e);
            }
            return failure == null;
        });
        return new LiveCall.Handling(done, run::stop);
    }

    private LiveCall.Handling script(LiveCall live, Routing.Route route) {
        String scriptId = route.target();
        Call call = live.call();
        String local = call.direction().equals("inbound") ? call.to() : call.from();
        String remote = call.direction().equals("inbound") ? call.from() : call.to();
        var deployed = handlers.deployed(call.projectId(), scriptId);
        if (deployed.isEmpty()) {
            handlers.record(call.projectId(), scriptId, null, "script", local, call.id(),
                    ExecutionOutcomes.NO_DEPLOYED_VERSION, 0,
                    Map.of("event", event(call)));
            return new LiveCall.Handling(CompletableFuture.completedFuture(false), () -> { });
        }
        var d = deployed.get();
        if (d.functions() != null) {
            FunctionsSource source = new FunctionsSource(handlers.runtime(), new FunctionsSource.Deployment(scriptId,
                    d.version(), d.functions()), handlers.ctx(call.projectId(), local, remote), local, handlers.twilio(),
                    handlers.calls());
            return twiml(live, source, source.url(route.path()), "POST", d);
        }
        CompletableFuture<Execution> session = handlers.runtime().startCall(d.compiled(),
                new CallEvent(call.id(), call.from(), call.to(), call.direction(), call.params()), live,
                handlers.ctx(call.projectId(), local, remote), Limits.SMS_DEFAULTS);
        CompletableFuture<Boolean> done = session.handle((ex, failure) -> {
            try {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("event", event(call));
                if (ex != null) {
                    detail.put("actions", ex.actions());
                    detail.put("logs", ex.logs());
                    detail.put("logTruncated", ex.logTruncated());
                    detail.put("error", ex.error());
                }
                String outcome = ex != null ? ExecutionOutcomes.of(ex.outcome())
                        : session.isCancelled() ? ExecutionOutcomes.STOPPED_AFTER_HANGUP : ExecutionOutcomes.HOST_ERROR;
                handlers.record(call.projectId(), scriptId, d.version(), "script", local, call.id(), outcome,
                        ex == null ? 0 : ex.duration().toMillis(), detail);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "call " + call.id() + ": recording the execution failed", e);
            }
            return ex != null && ex.ok();
        });
        return new LiveCall.Handling(done, () -> session.cancel(false));
    }

    static Map<String, Object> event(Call call) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", call.id());
        e.put("from", call.from());
        e.put("to", call.to());
        e.put("direction", call.direction());
        return e;
    }
}
