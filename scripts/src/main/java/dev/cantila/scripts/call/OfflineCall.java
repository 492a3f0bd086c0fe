package dev.cantila.scripts.call;

import dev.cantila.runtime.host.CallChannel;
import dev.cantila.runtime.host.HostActionException;
import dev.cantila.scripts.twiml.SpeechInput;
import dev.cantila.scripts.world.World;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One call in the offline world: what the handler's helpers do is written to the world's effects, and what the
 * network would do comes from the scenario (digits, how a forward ends, the caller hanging up) or from the virtual
 * clock (timeouts, recording limits). Media takes no time except {@code pause}, which moves the clock.
 *
 * <p>Like the engine: an inbound call is answered by the first helper that needs media (so {@code reject} works
 * before it); digits pressed outside a gather wait for the next one; a gather is the engine's {@link Gathering};
 * when the call ends, every pending helper fails with {@link CallChannel#CALL_ENDED}; a recording cut short by the
 * caller hanging up is still stored; a gather that listens for speech (TwiML) ends on words the caller {@link #speak
 * speaks}, as on the simulated switch. Confined to the scenario runner's thread.
 */
public final class OfflineCall implements CallChannel, SpeechInput {
    /** What a caller hears when the handler fails (the engine's default, {@code cantila.voice.apology}). */
    public static final String DEFAULT_APOLOGY = "We are sorry, an application error occurred. Goodbye.";

    private final World world;
    private final VirtualTimers timers;
    private final String direction;
    private final StringBuilder typeAhead = new StringBuilder();
    private boolean answered;
    private boolean ended;
    private Gathering gathering;
    /** The running gather listens for speech too (TwiML {@code <Gather input="speech">}); what it heard. */
    private boolean speechWanted;
    private SpeechInput.Heard heard;
    private VirtualTimers.Handle gatherTimer;
    private CompletableFuture<Forwarded> forwarding;
    private VirtualTimers.Handle forwardTimer;
    /** The running forward's {@code <Dial timeLimit>}, or null. */
    private Duration forwardLimit;
    private Recording recording;
    /** A conference the call is in: alone in the offline world, it stays until the caller hangs up. */
    private CompletableFuture<Conferenced> conferencing;
    private int stored;

    private record Recording(String kind, long startMillis, CompletableFuture<String> result, VirtualTimers.Handle timer) {
    }

    public OfflineCall(World world, VirtualTimers timers, String direction) {
        this.world = world;
        this.timers = timers;
        this.direction = direction;
        this.answered = direction.equals("outbound");
    }

    public boolean ended() {
        return ended;
    }

    // ---- stimuli from the scenario ----

    /** One DTMF digit from the caller. */
    public void press(char digit) {
        if (ended) {
            return;
        }
        if (gathering != null && !gathering.done()) {
            gathering.digit(digit);
        } else {
            typeAhead.append(digit);
        }
    }

    /**
     * The caller says {@code words}: as on the engine's simulated switch, it ends a gather that listens for speech
     * ({@code SpeechResult}, {@code Confidence}); false when no gather does.
     */
    public boolean speak(String words, double confidence) {
        if (ended || gathering == null || gathering.done() || !speechWanted) {
            return false;
        }
        speechWanted = false;
        heard = new SpeechInput.Heard(gathering.collected(), words, confidence);
        world.effect("speech", words, Map.of("confidence", Double.toString(confidence)));
        Gathering g = gathering;
        gathering = null;
        g.timedOut();
        return true;
    }

    public boolean forwardPending() {
        return forwarding != null && !forwarding.isDone();
    }

    /** @return false when no forward is waiting for an answer */
    public boolean forwardAnswers(String outcome, long talkSeconds) {
        if (forwarding == null || forwarding.isDone()) {
            return false;
        }
        forwardTimer.cancel();
        CompletableFuture<Forwarded> f = forwarding;
        forwarding = null;
        if (outcome.equals("answered")) {
            long talked = forwardLimit == null ? talkSeconds : Math.min(talkSeconds, forwardLimit.toSeconds());
            world.advance(Duration.ofSeconds(talked));
            f.complete(new Forwarded("answered", talked));
        } else {
            f.complete(new Forwarded(outcome, 0));
        }
        return true;
    }

    public void callerHangsUp() {
        end("caller");
    }

    /** The handler is over: the engine hangs up a call still up; after a failure the caller hears the apology first. */
    public void handlerFinished(boolean failed) {
        if (ended) {
            return;
        }
        if (failed) {
            world.effect("say", DEFAULT_APOLOGY, Map.of("apology", "true"));
        }
        world.effect("hangup", "NORMAL_CLEARING", Map.of());
        end("handler");
    }

    // ---- the handler's helpers ----

    @Override
    public CompletableFuture<Void> say(String text, String voice) {
        return media("say", text, voice == null ? Map.of() : Map.of("voice", voice));
    }

    @Override
    public CompletableFuture<Void> play(String url) {
        return media("play", url, Map.of());
    }

    @Override
    public CompletableFuture<Void> pause(Duration duration) {
        CompletableFuture<Void> f = media("pause", seconds(duration), Map.of());
        if (!ended) {
            world.advance(duration);
        }
        return f;
    }

    @Override
    public CompletableFuture<String> gather(Gather spec) {
        if (ended) {
            return gone();
        }
        answer();
        Gathering g = new Gathering(spec, new Gathering.TimerSlot() {
            @Override
            public void arm(Duration delay, Gathering owner) {
                disarm();
                gatherTimer = timers.schedule(delay, owner::timedOut);
            }

            @Override
            public void disarm() {
                if (gatherTimer != null) {
                    gatherTimer.cancel();
                    gatherTimer = null;
                }
            }
        });
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("numDigits", Integer.toString(spec.numDigits()));
        fields.put("finishOnKey", spec.finishOnKey());
        fields.put("timeoutSeconds", seconds(spec.timeout()));
        g.takeTypeAhead(typeAhead);
        if (!g.done()) {
            gathering = g;
            Prompt p = spec.prompt();
            if (p != null) {
                g.prompting();
                if (p.say() != null) {
                    world.effect("say", p.say(), p.voice() == null ? Map.of("prompt", "true")
                            : Map.of("prompt", "true", "voice", p.voice()));
                } else {
                    world.effect("play", p.play(), Map.of("prompt", "true"));
                }
            }
            world.effect("gather", "", fields);
            g.promptEnded();
        }
        return g.result().whenComplete((digits, e) -> {
            if (digits != null) {
                world.effect("digits", digits, Map.of());
            }
        });
    }

    @Override
    public CompletableFuture<SpeechInput.Heard> gatherSpeech(Gather spec) {
        speechWanted = true;
        heard = null;
        return gather(spec).thenApply(digits -> {
            SpeechInput.Heard said = heard;
            speechWanted = false;
            heard = null;
            return said != null ? said : new SpeechInput.Heard(digits, null, 0);
        });
    }

    @Override
    public CompletableFuture<Forwarded> forward(List<String> targets, Duration timeout, String callerId, boolean record) {
        return forward(targets, timeout, callerId, record, false, DialOptions.NONE);
    }

    /** A {@code timeLimit} cuts the talk the scenario gives the answering party. */
    @Override
    public CompletableFuture<Forwarded> forward(List<String> targets, Duration timeout, String callerId,
                                                boolean record, boolean all, DialOptions options) {
        forwardLimit = options.timeLimit();
        if (ended) {
            return gone();
        }
        answer();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("timeoutSeconds", seconds(timeout));
        if (callerId != null) {
            fields.put("callerId", callerId);
        }
        fields.put("record", Boolean.toString(record));
        if (!options.sendDigits().isEmpty()) {
            fields.put("sendDigits", String.join(", ", options.sendDigits().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).sorted().toList()));
        }
        world.effect("forward", String.join(", ", targets), fields);
        forwarding = new CompletableFuture<>();
        CompletableFuture<Forwarded> f = forwarding;
        forwardTimer = timers.schedule(timeout.multipliedBy(targets.size()), () -> {
            if (forwarding == f) {
                forwarding = null;
                f.complete(new Forwarded("no-answer", 0));
            }
        });
        return f;
    }

    /**
     * The call joins conference {@code name}. Offline there is nobody else: the effect is written (expect
     * {@code conference}) and the helper waits until the caller hangs up, which rejects it with CallEnded as in the
     * engine.
     */
    @Override
    public CompletableFuture<Conferenced> conference(String name, Conference o) {
        if (ended) {
            return gone();
        }
        answer();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("startOnEnter", Boolean.toString(o.startOnEnter()));
        fields.put("endOnExit", Boolean.toString(o.endOnExit()));
        fields.put("muted", Boolean.toString(o.muted()));
        fields.put("beep", Boolean.toString(o.beep()));
        if (o.waitUrl() != null) {
            fields.put("waitUrl", o.waitUrl());
        }
        fields.put("maxParticipants", Integer.toString(o.maxParticipants()));
        world.effect("conference", name, fields);
        conferencing = new CompletableFuture<>();
        return conferencing;
    }

    @Override
    public CompletableFuture<String> voicemail(String greeting, Duration maxLength, boolean beep) {
        if (ended) {
            return gone();
        }
        answer();
        if (greeting != null) {
            world.effect("say", greeting, Map.of("greeting", "true"));
        }
        return startRecording("voicemail", maxLength, beep);
    }

    @Override
    public CompletableFuture<String> record(Duration maxLength, boolean beep) {
        if (ended) {
            return gone();
        }
        answer();
        return startRecording("record", maxLength, beep);
    }

    @Override
    public CompletableFuture<Void> hangup(String cause) {
        if (ended) {
            return gone();
        }
        world.effect("hangup", cause == null ? "NORMAL_CLEARING" : cause, Map.of());
        end("handler");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> reject(String reason) {
        if (ended) {
            return gone();
        }
        if (answered) {
            return CompletableFuture.failedFuture(new HostActionException("already_answered",
                    "call.reject is only possible on an inbound call before it is answered"));
        }
        world.effect("reject", reason, Map.of());
        end("handler");
        return CompletableFuture.completedFuture(null);
    }

    // ---- internals ----

    private CompletableFuture<Void> media(String kind, String text, Map<String, String> fields) {
        if (ended) {
            return gone();
        }
        answer();
        world.effect(kind, text, fields);
        return CompletableFuture.completedFuture(null);
    }

    private void answer() {
        answered = true;
    }

    private CompletableFuture<String> startRecording(String kind, Duration maxLength, boolean beep) {
        world.effect(kind, "", Map.of("maxSeconds", seconds(maxLength), "beep", Boolean.toString(beep)));
        CompletableFuture<String> result = new CompletableFuture<>();
        long start = world.elapsedMillis();
        VirtualTimers.Handle timer = timers.schedule(maxLength, () -> {
            if (recording != null && recording.result() == result) {
                result.complete(store());
            }
        });
        recording = new Recording(kind, start, result, timer);
        return result;
    }

    /** Stores what was recorded (the limit was reached, or the caller hung up): its id, or null for nothing. */
    private String store() {
        Recording r = recording;
        recording = null;
        r.timer().cancel();
        long millis = world.elapsedMillis() - r.startMillis();
        String id = null;
        if (millis > 0) {
            id = (r.kind().equals("voicemail") ? "vm_sim" : "rec_sim") + (++stored);
            world.effect(r.kind(), "", Map.of("stored", "true", "id", id, "seconds", Long.toString(millis / 1000)));
        }
        return id;
    }

    private void end(String by) {
        if (ended) {
            return;
        }
        HostActionException gone = callEnded();
        if (recording != null) {
            // stored all the same, as the engine does; the handler gets CallEnded, not the id
            CompletableFuture<String> r = recording.result();
            store();
            r.completeExceptionally(gone);
        }
        ended = true;
        world.effect("ended", by, Map.of());
        if (gathering != null) {
            gathering.abandon();
            gathering.result().completeExceptionally(gone);
            gathering = null;
        }
        if (conferencing != null) {
            conferencing.completeExceptionally(gone);
            conferencing = null;
        }
        if (forwarding != null) {
            forwardTimer.cancel();
            forwarding.completeExceptionally(gone);
            forwarding = null;
        }
    }

    private static HostActionException callEnded() {
        return new HostActionException(CALL_ENDED, "the call has ended");
    }

    private static <T> CompletableFuture<T> gone() {
        return CompletableFuture.failedFuture(callEnded());
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }
}
