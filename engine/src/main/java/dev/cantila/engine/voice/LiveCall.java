package dev.cantila.engine.voice;

import dev.cantila.scripts.twiml.Screening;
import dev.cantila.scripts.twiml.SpeechInput;
import dev.cantila.runtime.host.CallChannel;
import dev.cantila.runtime.host.HostActionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One call while it lives in this engine: its leg, its status, its handler, the helpers the handler awaits. Every
 * field is confined to the call's {@link Inbox}: switch events, completions of leg operations, timers and the
 * handler's requests are all posted there, so they apply one at a time in arrival order and never on the switch's
 * event thread. A waiting call holds no thread, only this object and its pending futures.
 *
 * <p>Ending: {@link #end} runs once — the remote hangup, our own hangup or reject, a missed deadline — and moves the
 * call to its one terminal state, fails every pending helper with {@link CallChannel#CALL_ENDED}, and gives a handler
 * still running {@code session-grace} before it is stopped. The call leaves the registry when both are over (and its
 * recordings are stored).
 *
 * <p>Parts: what the caller types and says is {@link CallInput}'s, recordings are {@link CallRecordings}', forwarding
 * is {@link CallForwarding}'s, conferences {@link CallConference}'s; all live in the same inbox.
 */
final class LiveCall implements CallChannel, SpeechInput, Screening,
        dev.cantila.scripts.twiml.ConferenceCallbacks {
    private static final Logger LOG = Logger.getLogger(LiveCall.class.getName());

    final String uuid;
    final Inbox inbox;
    final Leg leg;
    final String direction;
    final CompletableFuture<String> admitted = new CompletableFuture<>();
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final VoiceEnv env;
    private final List<CompletableFuture<?>> pending = new ArrayList<>();
    private final CallInput input = new CallInput(this);
    private final CallRecordings recordings;
    private final CallForwarding forwarding;
    private final CallConference conference;
    private Call call;
    private CallStatus status;
    private boolean answering;
    private boolean answered;
    private boolean ended;
    private Handling handling;
    private Timers.Cancellable grace;
    private boolean released;

    /** The handler of the call (script session, URL actions...): {@code done} says whether it ended well. */
    record Handling(CompletableFuture<Boolean> done, Runnable stop) {
    }

    LiveCall(VoiceEnv env, String uuid, Inbox inbox, Leg leg, String direction) {
        this.env = env;
        this.uuid = uuid;
        this.inbox = inbox;
        this.leg = leg;
        this.direction = direction;
        this.recordings = new CallRecordings(this, env);
        this.forwarding = new CallForwarding(this, env);
        this.conference = new CallConference(this, env);
    }

    Call call() {
        return call;
    }

    boolean isEnded() {
        return ended;
    }

    /** The call record exists: from now on its status is ours to move. */
    void begin(Call stored) {
        this.call = stored;
        this.status = CallStatus.fromWire(stored.status());
        admitted.complete(stored.id());
    }

    /** Runs the call's handler; when it ends with the call still up, the call is hung up (after an apology). */
    void handle(Supplier<Handling> start) {
        if (ended) {
            release();
            return;
        }
        try {
            handling = start.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "call " + call.id() + ": starting its handler failed", e);
            handling = new Handling(CompletableFuture.completedFuture(false), () -> { });
        }
        handling.done().whenComplete((ok, failure) -> inbox.execute(() -> handled(ok != null && ok)));
    }

    private void handled(boolean ok) {
        if (!ended) {
            if (ok) {
                hangupLocal("NORMAL_CLEARING");
            } else {
                apologize();
            }
        }
        release();
    }

    private void apologize() {
        answer();
        guard(leg.speak(env.settings().apology(), null), env.opTimeout(), "speak (apology)")
                .whenComplete((v, e) -> inbox.execute(() -> hangupLocal("NORMAL_CLEARING")));
        env.store().event(call.id(), "apology", env.settings().apology());
    }

    // ---- switch events (in the inbox) ----

    void ringing() {
        moveTo(CallStatus.RINGING, null);
    }

    void answeredBySwitch() {
        answered();
    }

    void digit(char d) {
        if (!ended) {
            input.digit(d);
        }
    }

    /** The leg is gone, or we gave it up: the one way a call ends. */
    void end(String cause) {
        if (ended) {
            return;
        }
        ended = true;
        input.abandon();
        HostActionException gone = new HostActionException(CALL_ENDED, "the call ended (" + cause + ")");
        List<CompletableFuture<?>> waiting = new ArrayList<>(pending);
        pending.clear();
        waiting.forEach(f -> f.completeExceptionally(gone));
        if (call != null) {
            moveTo(CallStatus.terminal(answered, cause), cause);
        }
        conference.callEnded();
        finished.complete(null);
        if (handling != null && !handling.done().isDone()) {
            grace = env.timers().schedule(env.settings().sessionGrace(), handling.stop());
        }
        release();
    }

    /** Leaves the registry once the call has ended, its handler is over and its recordings are stored. */
    void release() {
        if (!released && ended && recordings.inFlight() == 0 && (handling == null || handling.done().isDone())) {
            released = true;
            if (grace != null) {
                grace.cancel();
            }
            env.release().accept(this);
        }
    }

    /** Hangs the leg up and ends the call now, without waiting for the switch to confirm. */
    void hangupLocal(String cause) {
        if (!ended) {
            leg.hangup(cause).exceptionally(e -> {
                LOG.log(Level.FINE, "call " + uuid + ": hangup: " + e.getMessage());
                return null;
            });
            end(cause);
        }
    }

    // ---- the handler's helpers (any thread; the work happens in the inbox) ----

    @Override
    public CompletableFuture<Void> say(String text, String voice) {
        return op("say", text, () -> {
            answer();
            return guard(leg.speak(text, voice), env.opTimeout(), "speak");
        });
    }

    /** {@link #say}, the timeline keeping {@code shown} instead of {@code text} (a one-time code is not stored). */
    CompletableFuture<Void> sayRedacted(String text, String shown) {
        return op("say", shown, () -> {
            answer();
            return guard(leg.speak(text, null), env.opTimeout(), "speak");
        });
    }

    @Override
    public CompletableFuture<Void> play(String url) {
        return op("play", url, () -> {
            answer();
            return guard(leg.play(url), env.opTimeout(), "playback");
        });
    }

    @Override
    public CompletableFuture<Void> pause(Duration duration) {
        return op("pause", duration.toMillis() + " ms", () -> {
            answer();
            return guard(leg.pause(duration), duration.plus(env.opTimeout()), "sleep");
        });
    }

    @Override
    public CompletableFuture<String> gather(Gather spec) {
        return op("gather", null, () -> {
            answer();
            return input.start(spec).whenComplete((digits, e) -> {
                if (digits != null) {
                    inbox.execute(() -> env.store().event(call.id(), "gather", "digits '" + digits + "'"));
                }
            });
        });
    }

    @Override
    public CompletableFuture<SpeechInput.Heard> gatherSpeech(Gather spec) {
        inbox.execute(input::wantSpeech);
        return gather(spec).thenApply(digits -> {
            SpeechInput.Heard said = input.heardSpeech();
            return said != null ? said : new SpeechInput.Heard(digits, null, 0);
        });
    }

    /** The caller said {@code text} (in the inbox): ends a speech gather with it; otherwise it is not heard. */
    void speech(String text, double confidence) {
        if (!ended && input.speech(text, confidence)) {
            env.store().event(call.id(), "gather", "speech '" + text + "'");
        }
    }

    @Override
    public CompletableFuture<Forwarded> forward(List<String> targets, Duration timeout, String callerId, boolean record) {
        return forward(targets, timeout, callerId, record, false, DialOptions.NONE);
    }

    @Override
    public CompletableFuture<Forwarded> forwardAll(List<String> targets, Duration timeout, String callerId,
                                                   boolean record) {
        return forward(targets, timeout, callerId, record, true, DialOptions.NONE);
    }

    @Override
    public CompletableFuture<Forwarded> forward(List<String> targets, Duration timeout, String callerId,
                                                boolean record, boolean all, DialOptions options) {
        return op("forward", (all ? "all at once: " : "") + String.join(", ", targets), () -> forwarding.forward(
                targets, timeout, callerId, record, all, options));
    }

    /** TwiML's {@code <Dial><Number url>}: see {@link ScreenedDial}. */
    @Override
    public CompletableFuture<Dialled> forwardScreened(List<String> targets, List<Whisper> whispers, Duration timeout,
                                                      String callerId, boolean all) {
        return op("forward", (all ? "all at once, " : "") + "with whisper: " + String.join(", ", targets), () -> {
            List<String> numbers = new ArrayList<>();
            for (String t : targets) {
                numbers.add(forwarding.number(t, "to"));
            }
            String from = callerId == null ? call.from() : forwarding.number(callerId, "callerId");
            answer();
            Duration deadline = timeout.multipliedBy(all ? 1 : numbers.size()).plus(env.settings().maxCall());
            return guard(new ScreenedDial(this, env, numbers, whispers, timeout, from, all).start(), deadline,
                    "dial with whisper");
        });
    }

    @Override
    public CompletableFuture<Conferenced> conference(String name, Conference options) {
        return conference(name, options, null);
    }

    @Override
    public CompletableFuture<Conferenced> conference(String name, Conference options,
                                                     dev.cantila.scripts.twiml.StatusCallback callback) {
        return op("conference", name, () -> {
            answer();
            return conference.join(name, options, callback);
        });
    }

    @Override
    public CompletableFuture<String> voicemail(String greeting, Duration maxLength, boolean beep) {
        return op("voicemail", greeting, () -> {
            answer();
            if (greeting != null) {
                guard(leg.speak(greeting, null), env.opTimeout(), "voicemail greeting");
            }
            return recordings.record("voicemail", maxLength, beep);
        });
    }

    @Override
    public CompletableFuture<String> record(Duration maxLength, boolean beep) {
        return op("record", maxLength.toSeconds() + " s max", () -> {
            answer();
            return recordings.record("record", maxLength, beep);
        });
    }

    @Override
    public CompletableFuture<Void> hangup(String cause) {
        return control(() -> {
            env.store().event(call.id(), "hangup", cause);
            return () -> hangupLocal(cause == null ? "NORMAL_CLEARING" : cause);
        });
    }

    @Override
    public CompletableFuture<Void> reject(String reason) {
        return control(() -> {
            if (answered || answering || !direction.equals("inbound")) {
                throw new HostActionException("already_answered",
                        "call.reject is only possible on an inbound call before it is answered");
            }
            env.store().event(call.id(), "reject", reason);
            return () -> {
                leg.reject(reason);
                end("busy".equals(reason) ? "USER_BUSY" : "CALL_REJECTED");
            };
        });
    }

    /**
     * An operation that ends the call: {@code check} runs in the inbox (and may refuse); the helper's promise resolves
     * before the returned action ends the call (which fails every other pending helper).
     */
    private CompletableFuture<Void> control(Supplier<Runnable> check) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        inbox.execute(() -> {
            if (ended) {
                result.completeExceptionally(new HostActionException(CALL_ENDED, "the call already ended"));
                return;
            }
            Runnable action;
            try {
                action = check.get();
            } catch (HostActionException e) {
                result.completeExceptionally(e);
                return;
            }
            result.complete(null);
            action.run();
        });
        return result;
    }

    // ---- plumbing ----

    /**
     * Starts {@code start} in the inbox unless the call ended; its result (or failure) is handed back through the
     * inbox, unless the call ended first (then the helper already failed with CALL_ENDED).
     */
    private <T> CompletableFuture<T> op(String type, String detail, Supplier<CompletableFuture<T>> start) {
        CompletableFuture<T> result = new CompletableFuture<>();
        inbox.execute(() -> {
            if (ended) {
                result.completeExceptionally(new HostActionException(CALL_ENDED, "the call already ended"));
                return;
            }
            pending.add(result);
            if (detail != null) {
                env.store().event(call.id(), type, detail);
            }
            CompletableFuture<T> operation;
            try {
                operation = start.get();
            } catch (HostActionException e) {
                operation = CompletableFuture.failedFuture(e);
            }
            operation.whenComplete((value, failure) -> inbox.execute(() -> {
                if (pending.remove(result)) {
                    if (failure == null) {
                        result.complete(value);
                    } else {
                        result.completeExceptionally(refusal(failure));
                    }
                }
            }));
        });
        return result;
    }

    private static Throwable refusal(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof HostActionException ? cause
                : new HostActionException("channel_error", String.valueOf(cause.getMessage()));
    }

    /** Answers an inbound leg before its first media operation (queued on the leg ahead of it). */
    void answer() {
        if (answered || answering || !direction.equals("inbound")) {
            return;
        }
        answering = true;
        guard(leg.answer(), env.opTimeout(), "answer").whenComplete((v, e) -> inbox.execute(() -> {
            if (e == null) {
                answered();
            }
        }));
    }

    private void answered() {
        if (!answered && !ended) {
            answered = true;
            moveTo(CallStatus.IN_PROGRESS, null);
        }
    }

    Duration opTimeout() {
        return env.opTimeout();
    }

    Timers timers() {
        return env.timers();
    }

    /**
     * Gives the switch {@code deadline} to complete {@code operation}; past it (or when the switch reports its own
     * timeout) the leg is killed and the call ends. The returned future is the operation itself.
     */
    <T> CompletableFuture<T> guard(CompletableFuture<T> operation, Duration deadline, String what) {
        Timers.Cancellable timer = env.timers().schedule(deadline, () -> inbox.execute(() -> {
            if (!operation.isDone()) {
                timedOut(what, deadline);
            }
        }));
        operation.whenComplete((v, e) -> {
            timer.cancel();
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                inbox.execute(() -> timedOut(what, deadline));
            }
        });
        return operation;
    }

    private void timedOut(String what, Duration deadline) {
        if (ended) {
            return;
        }
        LOG.warning("call " + (call == null ? uuid : call.id()) + " (leg " + uuid + "): " + what
                + " did not complete within " + deadline + "; hanging the leg up");
        if (call != null) {
            env.store().event(call.id(), "timeout", what + " did not complete within " + deadline);
        }
        hangupLocal("RECOVERY_ON_TIMER_EXPIRE");
    }

    private void moveTo(CallStatus target, String cause) {
        if (status == null || !status.canMoveTo(target)) {
            return;
        }
        CallStatus from = status;
        status = env.store().move(call.id(), from, target, cause).map(c -> CallStatus.fromWire(c.status()))
                .orElseGet(() -> env.store().find(call.id()).map(c -> CallStatus.fromWire(c.status())).orElse(from));
    }
}
