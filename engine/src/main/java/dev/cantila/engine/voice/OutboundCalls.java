package dev.cantila.engine.voice;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Urls;
import dev.cantila.engine.numbers.HeldNumber;
import dev.cantila.engine.numbers.Numbers;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.scripts.Routing;
import dev.cantila.engine.scripts.VoiceHandlers;
import dev.cantila.webhooks.outbound.TargetPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Calls this engine places: by the API ({@code POST …/voice/calls}), for an engine program (OTP code calls), for a
 * Function's {@code calls.create}, to add a conference participant, and the child calls of a whispered
 * {@code <Dial>}. Each checks its caller id against the project's held voice numbers, registers the call with
 * {@link VoiceCalls} (leg claim, row, live map) and originates its leg; what runs once it is answered is the route's.
 */
final class OutboundCalls {
    private static final Logger LOG = Logger.getLogger(OutboundCalls.class.getName());

    private final VoiceCalls calls;
    private final VoiceEnv env;
    private final VoiceSwitch voiceSwitch;
    private final CallRouter router;
    private final VoiceHandlers handlers;
    private final Numbers numbers;
    private final TargetPolicy targets;

    OutboundCalls(VoiceCalls calls, VoiceEnv env, VoiceSwitch voiceSwitch, CallRouter router, VoiceHandlers handlers,
                  Numbers numbers, TargetPolicy targets) {
        this.calls = calls;
        this.env = env;
        this.voiceSwitch = voiceSwitch;
        this.router = router;
        this.handlers = handlers;
        this.numbers = numbers;
        this.targets = targets;
    }

    public Call originate(String projectId, VoiceCalls.Outbound r) {
        String from = heldVoice(projectId, r.from());
        String to = PhoneNumbers.toE164(r.to(), PhoneNumbers.regionOf(from), "to");
        if ((r.script() == null) == (r.url() == null)) {
            throw ApiException.invalid(r.script() == null ? "script" : "url",
                    "give exactly one of script (a script id) and url (what runs when the call is answered)");
        }
        Routing.Route route;
        if (r.script() != null) {
            handlers.requireScript(projectId, r.script());
            if (handlers.deployed(projectId, r.script()).isEmpty()) {
                throw ApiException.unprocessable("script_not_deployed", "script " + r.script() + " has no deployed version",
                        "script");
            }
            route = new Routing.Route("script", r.script());
        } else {
            route = urlRoute(r);
        }
        int timeout = r.timeoutSeconds() == null ? 30 : r.timeoutSeconds();
        if (timeout < 1 || timeout > 600) {
            throw ApiException.invalid("timeoutSeconds", "timeoutSeconds must be 1-600, got " + timeout);
        }
        return place(projectId, from, to, route, timeout, CallParams.check(r.params()));
    }

    /**
     * An outbound call that runs the engine's own {@link CallProgram} of route kind {@code kind} once answered
     * (registered with {@link VoiceModule#program}); {@code from} must be a voice number the project holds (422),
     * {@code to} E.164. Nothing secret goes in the call's row: the program finds what it says from {@code target}.
     */
    public Call originateProgram(String projectId, String from, String to, String kind, String target,
                                 int timeoutSeconds) {
        if (!router.hasProgram(kind)) {
            throw new IllegalStateException("no call program of kind " + kind);
        }
        return place(projectId, heldVoice(projectId, from), to, new Routing.Route(kind, target), timeoutSeconds,
                Map.of());
    }

    /**
     * A Function's {@code client.calls.create}: from a held voice number to {@code to}, run by a TwiML {@code url}
     * or by the function at {@code path} of Functions project {@code scriptId}; the same checks and state machine as
     * {@link #originate}.
     */
    public String startFromFunction(String projectId, String fromRaw, String toRaw, String url, String scriptId,
                                    String path) {
        if (url != null) {
            return originate(projectId, new VoiceCalls.Outbound(toRaw, fromRaw, null, url, null, null, "twilio", "POST")).id();
        }
        String from = heldVoice(projectId, fromRaw);
        String to = PhoneNumbers.toE164(toRaw, PhoneNumbers.regionOf(from), "to");
        return place(projectId, from, to, new Routing.Route("script", scriptId, null, null, path), 30, Map.of()).id();
    }

    /** {@code raw} as E.164 when the project holds it as a voice number; 422 otherwise. */
    private String heldVoice(String projectId, String raw) {
        String from = PhoneNumbers.toE164(raw, null, "from");
        HeldNumber held = numbers.held(projectId, from).orElseThrow(() -> ApiException.unprocessable("number_not_held",
                "from " + from + " is not a number this project holds", "from"));
        if (!held.voice()) {
            throw ApiException.unprocessable("no_voice_capability", "from " + from + " cannot make calls", "from");
        }
        return from;
    }

    /**
     * {@code POST …/conferences/:name/participants}: an outbound call from a held voice number (422 otherwise) that,
     * once answered, joins the conference (route {@code conference} naming it) and ends when it is out of it.
     */
    public dev.cantila.engine.conference.DialIn.Placed dialIn(String projectId, String name,
                                                              dev.cantila.engine.conference.DialIn d) {
        String from = heldVoice(projectId, d.from());
        String to = PhoneNumbers.toE164(d.to(), PhoneNumbers.regionOf(from), "to");
        dev.cantila.runtime.host.CallChannel.Conference options = new dev.cantila.runtime.host.CallChannel.Conference(
                d.startOnEnter(), d.endOnExit(), d.muted(), d.beep(), null,
                dev.cantila.engine.conference.Conferences.MAX_PARTICIPANTS);
        Call call = place(projectId, from, to, new Routing.Route("conference", name), d.timeoutSeconds(), Map.of(),
                c -> new LiveCall.Handling(c.conference(name, options).handle((v, e) -> e == null), () -> { }));
        return new dev.cantila.engine.conference.DialIn.Placed(call.id(), name, from, to, call.status(),
                d.startOnEnter(), d.endOnExit(), d.muted(), d.beep(), d.timeoutSeconds());
    }

    private Call place(String projectId, String from, String to, Routing.Route route, int timeout,
                       Map<String, String> params) {
        return place(projectId, from, to, route, timeout, params, c -> router.start(c, route));
    }

    /** {@code handler} starts once the call is answered, in its inbox. */
    private Call place(String projectId, String from, String to, Routing.Route route, int timeout,
                       Map<String, String> params, java.util.function.Function<LiveCall, LiveCall.Handling> handler) {
        VoiceCalls.NewLeg leg = calls.register(projectId, from, to, route.kind(), route.target(), params);
        LiveCall c = leg.live();
        c.inbox.execute(() -> dial(c, Duration.ofSeconds(timeout)).thenAccept(o -> {
            if (o == VoiceSwitch.OriginateOutcome.ANSWERED) {
                c.handle(() -> handler.apply(c)); // completed in the inbox (see dial)
            }
        }));
        return leg.call();
    }

    /**
     * A child call of {@code parent} (a {@code <Dial>} whose called party hears a whisper first): an outbound call of
     * the parent's project, route {@code dial} naming the parent, with its own record, status, events and rating.
     * Answered, it waits parked with no handler: the parent's dial runs the whisper on it, then connects or hangs it
     * up. The outcome completes in the child's inbox.
     */
    VoiceEnv.Child dialChild(Call parent, String from, String to, Duration timeout) {
        VoiceCalls.NewLeg leg = calls.register(parent.projectId(), from, to, "dial", parent.id(), Map.of());
        LiveCall c = leg.live();
        CompletableFuture<VoiceSwitch.OriginateOutcome> outcome = new CompletableFuture<>();
        c.inbox.execute(() -> dial(c, timeout).whenComplete((o, e) -> outcome.complete(o == null
                ? VoiceSwitch.OriginateOutcome.FAILED : o)));
        return new VoiceEnv.Child(leg.call(), c, outcome);
    }

    private Routing.Route urlRoute(VoiceCalls.Outbound r) {
        String url = Urls.http(r.url(), "url", targets);
        String format = r.format() == null ? "cantila" : r.format();
        if (!format.equals("cantila") && !format.equals("twilio")) {
            throw ApiException.invalid("format", "format must be cantila or twilio, got " + format);
        }
        if (r.method() != null && (!format.equals("twilio") || !List.of("POST", "GET").contains(r.method()))) {
            throw ApiException.invalid("method", "method is POST or GET, and only for \"format\": \"twilio\"");
        }
        return new Routing.Route("url", url, format, format.equals("twilio") && r.method() == null ? "POST"
                : r.method());
    }

    /**
     * Originates the call's leg; the future completes in the call's inbox with how it went (null: the call ended
     * meanwhile or the switch failed). Answered: the call is in progress; otherwise it has ended with the cause.
     */
    private CompletableFuture<VoiceSwitch.OriginateOutcome> dial(LiveCall c, Duration timeout) {
        Call call = c.call();
        CompletableFuture<VoiceSwitch.OriginateOutcome> result =
                new CompletableFuture<>();
        c.guard(voiceSwitch.originate(c.uuid, call.from(), call.to(), timeout), timeout.plus(env.opTimeout()),
                "originate").whenComplete((outcome, failure) -> c.inbox.execute(() -> {
                    if (c.isEnded()) {
                        if (outcome == VoiceSwitch.OriginateOutcome.ANSWERED) {
                            c.leg.hangup("ORIGINATOR_CANCEL");
                        }
                        result.complete(null);
                        return;
                    }
                    if (failure != null) {
                        LOG.log(Level.WARNING, "call " + call.id() + ": originate failed", failure);
                        c.end("NORMAL_TEMPORARY_FAILURE");
                        result.complete(null);
                        return;
                    }
                    switch (outcome) {
                        case ANSWERED -> c.answeredBySwitch();
                        case BUSY -> c.end("USER_BUSY");
                        case NO_ANSWER -> c.end("NO_ANSWER");
                        case FAILED -> c.end("DESTINATION_OUT_OF_ORDER");
                    }
                    result.complete(outcome);
                }));
        return result;
    }
}
