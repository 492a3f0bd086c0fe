package dev.cantila.scripts.twiml;

import dev.cantila.runtime.host.CallChannel;
import dev.cantila.runtime.host.HostActionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One call run by a TwiML web app: fetches the document (Twilio's parameters, signed), checks it whole ({@link
 * TwimlVoiceRules}), and runs its verbs in order over the call's {@link CallChannel}. A verb that asks the app
 * again ({@code Gather} with input, {@code Dial} with an {@code action}, {@code Record}, {@code Redirect}) replaces
 * the document with the answer, so the verbs after it are unreachable, as Twilio documents; {@code action} URLs
 * resolve against the current document's URL, and {@code Gather}/{@code Record} without one ask that URL again.
 * When the verbs run out the call is hung up. The engine runs it over a live call, {@code cantila test} over the
 * offline world's call: one verb walk for both.
 *
 * <p>Threading: nothing blocks a platform thread. Requests run on virtual threads; each verb starts when the
 * channel completes the previous one. {@link #run} returns whether the run ended well: false (a failed request, a
 * refused document) makes the call's owner apologise and hang up; the execution detail says why.
 */
public final class TwimlCall {
    static final int MAX_STEPS = 500;
    /** {@code <Dial timeLimit>} when absent: four hours of talk, as on Twilio. */
    static final int DEFAULT_TIME_LIMIT = 14_400;
    private static final Executor VIRTUAL = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cantila-twiml-", 0).factory());

    /** The call as the app sees it. */
    public record CallInfo(String id, String projectId, String from, String to, String direction) {
    }

    /** A stored recording: its duration and where it is downloaded. */
    public record Recording(long durationMs, String url) {
    }

    private final TwimlSource requests;
    private final Executor fetches;
    private final CallChannel channel;
    private final CallInfo call;
    private final Function<String, Recording> recordings;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Parameters every request of this run carries besides the call's (a whisper's Direction, ParentCallSid). */
    private final Map<String, String> fixed = new LinkedHashMap<>();
    private final List<Object> log = new ArrayList<>();
    private volatile boolean inProgress;
    private int steps;

    /** @param recordings a recording's details by its id (for {@code RecordingUrl}, {@code RecordingDuration}) */
    public TwimlCall(TwimlSource requests, CallChannel channel, CallInfo call, Function<String, Recording> recordings) {
        this(requests, channel, call, recordings, VIRTUAL);
    }

    /**
     * As above, with the documents fetched on {@code fetches}: {@code cantila test} fetches on its own thread
     * ({@code Runnable::run}), so a scenario's call runs deterministically, turn by turn.
     */
    public TwimlCall(TwimlSource requests, CallChannel channel, CallInfo call, Function<String, Recording> recordings,
                     Executor fetches) {
        this.requests = requests;
        this.fetches = fetches;
        this.channel = channel;
        this.call = call;
        this.recordings = recordings;
        this.inProgress = !call.direction().equals("inbound");
    }

    /** Runs the app from {@code url}; true when it ended well (or the call ended under it). */
    public CompletableFuture<Boolean> run(String url, String method) {
        return document(url, method, Map.of()).exceptionally(this::failed);
    }

    /** Stops at the next verb (the call ended). */
    public void stop() {
        stopped.set(true);
    }

    /** What the execution log keeps: every request and verb, in order. */
    public List<Object> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    private void note(Object entry) {
        synchronized (log) {
            log.add(entry);
        }
    }

    private boolean failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof HostActionException h && h.code().equals(CallChannel.CALL_ENDED)) {
            return true;
        }
        if (cause instanceof TwimlException e) {
            throw e;
        }
        throw new TwimlException(String.valueOf(cause.getMessage()), cause);
    }

    private CompletableFuture<Boolean> document(String url, String method, Map<String, String> extra) {
        if (stopped.get()) {
            return CompletableFuture.completedFuture(true);
        }
        Map<String, String> params = TwimlParams.call(call.id(), call.from(), call.to(), call.direction(),
                inProgress ? "in-progress" : "ringing");
        params.putAll(fixed);
        params.putAll(extra);
        return CompletableFuture.supplyAsync(() -> {
            TwimlSource.Answer answer = requests.fetch(call.projectId(), url, method, params);
            note(Map.of("fetch", answer.url(), "method", TwimlUrls.method(method), "status", answer.status()));
            List<Twiml.Verb> verbs = answer.body().isBlank() ? List.of() : Twiml.parse(answer.body());
            TwimlVoiceRules.check(verbs);
            if (fixed.containsKey("ParentCallSid")) {
                TwimlVoiceRules.checkWhisper(verbs);
            }
            return verbs;
        }, fetches).thenCompose(verbs -> verbs(url, verbs, 0));
    }

    private CompletableFuture<Boolean> verbs(String doc, List<Twiml.Verb> verbs, int i) {
        if (stopped.get() || i >= verbs.size()) {
            return CompletableFuture.completedFuture(true);
        }
        if (++steps > MAX_STEPS) {
            throw new TwimlException("more than " + MAX_STEPS + " verbs for one call");
        }
        Twiml.Verb v = verbs.get(i);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("verb", v.name());
        if (!v.text().isEmpty()) {
            entry.put("text", v.text());
        }
        List<String> ignored = TwimlVoiceRules.ignored(v);
        if (!ignored.isEmpty()) {
            entry.put("ignored", ignored);
        }
        note(entry);
        if (!v.name().equals("Reject") && !v.name().equals("Redirect")) {
            inProgress = true;
        }
        return switch (v.name()) {
            case "Gather" -> gather(doc, v).thenCompose(heard -> {
                Map<String, String> input = new LinkedHashMap<>();
                if (heard.speech() != null) {
                    entry.put("speech", heard.speech());
                    input.put("SpeechResult", heard.speech());
                    input.put("Confidence", String.valueOf(heard.confidence()));
                } else {
                    entry.put("digits", heard.digits());
                    input.put("Digits", heard.digits());
                }
                boolean empty = heard.speech() == null && heard.digits().isEmpty();
                return empty && !TwimlRules.bool(v, "actionOnEmptyResult", false) ? verbs(doc, verbs, i + 1)
                        : document(action(doc, v, true), v.attr("method", "POST"), input);
            });
            case "Dial" -> dial(doc, v, entry).thenCompose(result -> {
                entry.put("dialCallStatus", result.get("DialCallStatus"));
                return v.attributes().containsKey("action")
                        ? document(action(doc, v, false), v.attr("method", "POST"), result)
                        : verbs(doc, verbs, i + 1);
            });
            case "Record" -> channel.record(Duration.ofSeconds(TwimlRules.integer(v, "maxLength", 3600, 14_400)),
                    TwimlRules.bool(v, "playBeep", true)).thenCompose(id -> {
                        if (id == null) {
                            entry.put("recording", null);
                            return verbs(doc, verbs, i + 1);
                        }
                        Map<String, String> rec = recording(id);
                        entry.put("recording", id);
                        callback(doc, v, rec);
                        return document(action(doc, v, true), v.attr("method", "POST"), rec);
                    });
            case "Redirect" -> document(TwimlUrls.resolve(doc, v.text()), v.attr("method", "POST"), Map.of());
            case "Hangup" -> channel.hangup(null).thenApply(x -> true);
            case "Reject" -> channel.reject(v.attr("reason", "rejected")).thenApply(x -> true);
            default -> media(doc, v).thenCompose(x -> verbs(doc, verbs, i + 1));
        };
    }

    /** Say, Play or Pause (alone or nested in a Gather), with its loop. */
    private CompletableFuture<Void> media(String doc, Twiml.Verb v) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        if (v.name().equals("Pause")) {
            return channel.pause(Duration.ofSeconds(TwimlRules.integer(v, "length", 1, 600)));
        }
        int loop = TwimlRules.integer(v, "loop", 1, 1000);
        for (int n = 0; n < (loop == 0 ? 1000 : loop); n++) {
            chain = chain.thenCompose(x -> stopped.get() ? CompletableFuture.completedFuture(null)
                    : v.name().equals("Say") ? channel.say(v.text(), v.attributes().get("voice"))
                    : channel.play(TwimlUrls.resolve(doc, v.text())));
        }
        return chain;
    }

    private CompletableFuture<SpeechInput.Heard> gather(String doc, Twiml.Verb v) {
        List<Twiml.Verb> prompts = v.children();
        CompletableFuture<Void> before = CompletableFuture.completedFuture(null);
        CallChannel.Prompt prompt = null;
        for (int n = 0; n < prompts.size(); n++) {
            Twiml.Verb p = prompts.get(n);
            boolean last = n == prompts.size() - 1;
            if (last && !p.name().equals("Pause") && TwimlRules.integer(p, "loop", 1, 1000) == 1) {
                prompt = p.name().equals("Say") ? new CallChannel.Prompt(p.text(), p.attributes().get("voice"), null)
                        : new CallChannel.Prompt(null, null, TwimlUrls.resolve(doc, p.text()));
            } else {
                before = before.thenCompose(x -> media(doc, p));
            }
        }
        Duration timeout = Duration.ofSeconds(TwimlRules.integer(v, "timeout", 5, 600));
        CallChannel.Gather spec = new CallChannel.Gather(TwimlRules.integer(v, "numDigits", 0, 64),
                v.attr("finishOnKey", "#"), timeout, timeout, prompt);
        boolean speech = v.attr("input", "dtmf").contains("speech");
        if (speech && channel instanceof SpeechInput hearing) {
            return before.thenCompose(x -> hearing.gatherSpeech(spec));
        }
        return before.thenCompose(x -> channel.gather(spec)).thenApply(d -> new SpeechInput.Heard(d, null, 0));
    }

    private CompletableFuture<Map<String, String>> dial(String doc, Twiml.Verb v, Map<String, Object> entry) {
        if (!v.children().isEmpty() && v.children().getFirst().name().equals("Conference")) {
            return conference(doc, v.children().getFirst(), entry);
        }
        List<String> numbers = new ArrayList<>();
        if (v.children().isEmpty()) {
            numbers.add(v.text());
        } else {
            v.children().forEach(n -> numbers.add(n.text()));
        }
        String record = v.attr("record", "do-not-record");
        boolean recording = record.startsWith("record-from") || record.equals("true");
        Duration timeout = Duration.ofSeconds(TwimlRules.integer(v, "timeout", 30, 600));
        String callerId = v.attributes().get("callerId");
        if (v.children().stream().anyMatch(n -> n.attributes().containsKey("url"))) {
            return screened(doc, v, numbers, timeout, callerId, recording, entry);
        }
        Map<String, String> digits = new LinkedHashMap<>();
        v.children().stream().filter(n -> n.attributes().containsKey("sendDigits"))
                .forEach(n -> digits.put(n.text(), n.attributes().get("sendDigits")));
        CallChannel.DialOptions options = new CallChannel.DialOptions(Duration.ofSeconds(
                TwimlRules.integer(v, "timeLimit", DEFAULT_TIME_LIMIT, 86_400)), digits,
                v.attr("hangupOnStar", "false").equals("true"));
        // several <Number> nouns ring at once, as on Twilio: the first to answer is connected
        return channel.forward(numbers, timeout, callerId, recording, numbers.size() > 1, options).thenApply(f -> {
                    Map<String, String> out = new LinkedHashMap<>();
                    out.put("DialCallStatus", f.status().equals("answered") ? "completed" : f.status());
                    out.put("DialCallDuration", String.valueOf(f.durationSeconds()));
                    return out;
                });
    }

    /**
     * {@code <Dial>} whose {@code <Number>}s have a whisper {@code url}: each runs on its own child call once that
     * answers ({@link Screening}); the Dial's action gets {@code DialCallSid} of the child connected, and
     * {@code no-answer} when every whisper hung its child up. {@code record} is not supported with whispers.
     */
    private CompletableFuture<Map<String, String>> screened(String doc, Twiml.Verb v, List<String> numbers,
                                                            Duration timeout, String callerId, boolean recording,
                                                            Map<String, Object> entry) {
        if (!(channel instanceof Screening screening)) {
            throw new TwimlException("<Number url> (a whisper) is not available on this call");
        }
        if (recording) {
            throw new TwimlException("<Dial record> with a <Number url> whisper is not supported");
        }
        List<Map<String, Object>> whispers = java.util.Collections.synchronizedList(new ArrayList<>());
        entry.put("whispers", whispers);
        List<Screening.Whisper> each = new ArrayList<>();
        for (Twiml.Verb n : v.children()) {
            String url = n.attributes().get("url");
            each.add(url == null ? null : (callee, info) -> {
                TwimlCall child = new TwimlCall(requests, callee, new CallInfo(info.callId(), call.projectId(),
                        info.from(), info.to(), "outbound"), recordings);
                child.fixed.put("Direction", "outbound-dial");
                child.fixed.put("ParentCallSid", call.id());
                return child.run(TwimlUrls.resolve(doc, url), n.attr("method", "POST")).handle((ok, e) -> {
                    Map<String, Object> w = new LinkedHashMap<>();
                    w.put("callSid", info.callId());
                    w.put("to", info.to());
                    w.put("steps", child.log());
                    if (e != null) {
                        w.put("error", String.valueOf((e.getCause() != null ? e.getCause() : e).getMessage()));
                    }
                    whispers.add(w);
                    if (e != null) {
                        throw new CompletionException(e);
                    }
                    return ok;
                });
            });
        }
        return screening.forwardScreened(numbers, each, timeout, callerId, numbers.size() > 1).thenApply(d -> {
            if (!d.rejected().isEmpty()) {
                entry.put("whisperRejected", d.rejected());
            }
            Map<String, String> out = new LinkedHashMap<>();
            out.put("DialCallStatus", d.status().equals("answered") ? "completed" : d.status());
            out.put("DialCallDuration", String.valueOf(d.durationSeconds()));
            if (d.callSid() != null) {
                out.put("DialCallSid", d.callSid());
            }
            return out;
        });
    }

    /**
     * {@code <Dial><Conference>}: the call stays in the conference until it is out (kicked, the conference ended);
     * then the Dial's action gets {@code DialCallStatus} completed ({@code failed} when the room was full).
     */
    private CompletableFuture<Map<String, String>> conference(String doc, Twiml.Verb n, Map<String, Object> entry) {
        List<String> ignored = TwimlVoiceRules.ignored(n);
        if (!ignored.isEmpty()) {
            entry.put("conferenceIgnored", ignored);
        }
        String wait = n.attributes().get("waitUrl");
        CallChannel.Conference options = new CallChannel.Conference(TwimlRules.bool(n, "startConferenceOnEnter", true),
                TwimlRules.bool(n, "endConferenceOnExit", false), TwimlRules.bool(n, "muted", false),
                !n.attr("beep", "true").equals("false"), wait == null || wait.isBlank() ? null
                : TwimlUrls.resolve(doc, wait), TwimlRules.integer(n, "maxParticipants", 250, 250));
        String callbackUrl = n.attributes().get("statusCallback");
        CompletableFuture<CallChannel.Conferenced> joined;
        String callbackTarget = callbackUrl == null ? null : TwimlUrls.resolve(doc, callbackUrl);
        if (callbackTarget != null && callbackTarget.contains(".functions.invalid")) {
            // posted over HTTP from any engine instance, long after this run: a sibling function cannot take them
            entry.put("statusCallbackNotSent", callbackTarget + " is a function of this project, which conference"
                    + " status callbacks cannot reach yet: give an absolute URL");
            callbackTarget = null;
        }
        if (callbackTarget != null && channel instanceof ConferenceCallbacks withCallbacks) {
            java.util.Set<String> events = new java.util.HashSet<>(List.of(n.attr("statusCallbackEvent", "start end")
                    .trim().split("\\s+")));
            events.retainAll(StatusCallback.EVENTS);
            joined = withCallbacks.conference(n.text(), options, new StatusCallback(
                    callbackTarget, TwimlUrls.method(n.attr("statusCallbackMethod",
                    "POST")), events));
        } else {
            joined = channel.conference(n.text(), options);
        }
        return joined.thenApply(c -> {
            entry.put("conference", c.conferenceId() == null ? "full" : c.conferenceId() + " (" + c.reason() + ")");
            Map<String, String> out = new LinkedHashMap<>();
            out.put("DialCallStatus", c.reason().equals("full") ? "failed" : "completed");
            out.put("DialCallDuration", String.valueOf(c.durationSeconds()));
            return out;
        });
    }

    private Map<String, String> recording(String id) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("RecordingSid", id);
        Recording r = recordings.apply(id);
        if (r != null) {
            out.put("RecordingUrl", r.url());
            out.put("RecordingDuration", String.valueOf(Math.round(r.durationMs() / 1000.0)));
        }
        return out;
    }

    /** Record's {@code recordingStatusCallback}: told once the recording is stored; its answer is not TwiML. */
    private void callback(String doc, Twiml.Verb v, Map<String, String> rec) {
        String url = v.attributes().get("recordingStatusCallback");
        if (url == null) {
            return;
        }
        Map<String, String> params = new LinkedHashMap<>(rec);
        params.put("CallSid", call.id());
        params.put("RecordingStatus", "completed");
        String target = TwimlUrls.resolve(doc, url);
        CompletableFuture.runAsync(() -> {
            try {
                requests.fetch(call.projectId(), target, v.attr("recordingStatusCallbackMethod", "POST"), params);
                note(Map.of("recordingStatusCallback", target, "status", "sent"));
            } catch (TwimlException e) {
                note(Map.of("recordingStatusCallback", target, "error", e.getMessage()));
            }
        }, fetches);
    }

    /** A verb's {@code action} resolved against the document; the document itself when absent and {@code orSelf}. */
    private static String action(String doc, Twiml.Verb v, boolean orSelf) {
        String action = v.attributes().get("action");
        return action == null && orSelf ? doc : TwimlUrls.resolve(doc, action);
    }
}
