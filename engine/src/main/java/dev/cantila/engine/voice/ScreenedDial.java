package dev.cantila.engine.voice;

import dev.cantila.scripts.twiml.Screening;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code <Dial>} whose called parties hear a whisper before they are connected ({@link Screening}). Each number
 * is a child call ({@link VoiceCalls#dialChild}); all ring at once, or one after another. While they ring and while
 * a whisper runs, the caller hears ringback. A child that answers runs its whisper on its own leg; a whisper that
 * ends with the child still up wins: the other children are cancelled (or hung up, when they answered too) and the
 * caller's leg is connected to the winner's ({@link Leg#connect}) until the child hangs up. A whisper that hung its
 * child up, or failed, counts as that number not answering.
 *
 * <p>Threading: every field is confined to the parent call's inbox; child outcomes and whisper ends are posted
 * there. A child's own state is read in its own inbox only. The parent hanging up cancels every child still up.
 */
final class ScreenedDial {
    private static final Logger LOG = Logger.getLogger(ScreenedDial.class.getName());
    /** What the caller hears meanwhile (North American ringback, repeated until stopped). */
    static final String RINGBACK = "tone_stream://%(2000,4000,440,480);loops=-1";

    private final LiveCall parent;
    private final VoiceEnv env;
    private final List<String> numbers;
    private final List<Screening.Whisper> whispers;
    private final Duration timeout;
    private final String from;
    private final boolean all;
    private final CompletableFuture<Screening.Dialled> result = new CompletableFuture<>();
    private final List<VoiceEnv.Child> children = new ArrayList<>();
    private final List<VoiceSwitch.OriginateOutcome> outcomes = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private int next;
    private int inFlight;
    private VoiceEnv.Child winner;
    private boolean parentGone;

    /** @param from the caller id the children are dialled with */
    ScreenedDial(LiveCall parent, VoiceEnv env, List<String> numbers, List<Screening.Whisper> whispers,
                 Duration timeout, String from, boolean all) {
        this.parent = parent;
        this.env = env;
        this.numbers = numbers;
        this.whispers = whispers;
        this.timeout = timeout;
        this.from = from;
        this.all = all;
    }

    /** In the parent's inbox; completes when no number is left, or when the connected child hung up. */
    CompletableFuture<Screening.Dialled> start() {
        parent.finished.whenComplete((v, e) -> parent.inbox.execute(this::parentEnded));
        parent.leg.play(RINGBACK).exceptionally(e -> {
            LOG.log(Level.FINE, "call " + parent.call().id() + ": ringback: " + e.getMessage());
            return null;
        });
        do {
            attempt(next++);
        } while (all && next < numbers.size());
        return result;
    }

    private void attempt(int i) {
        if (parentGone) {
            return;
        }
        VoiceEnv.Child child;
        try {
            child = env.dialer().dialChild(parent.call(), from, numbers.get(i), timeout);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "call " + parent.call().id() + ": dialling " + numbers.get(i) + " failed", e);
            outcomes.add(VoiceSwitch.OriginateOutcome.FAILED);
            over();
            return;
        }
        inFlight++;
        children.add(child);
        env.store().event(parent.call().id(), "dial", numbers.get(i) + " as call " + child.call().id());
        child.outcome().whenComplete((o, e) -> parent.inbox.execute(() -> answered(i, child, o)));
    }

    private void answered(int i, VoiceEnv.Child child, VoiceSwitch.OriginateOutcome o) {
        if (decided()) {
            hangup(child, "NORMAL_CLEARING");
            return;
        }
        if (o != VoiceSwitch.OriginateOutcome.ANSWERED) {
            inFlight--;
            outcomes.add(o);
            over();
            return;
        }
        Screening.Whisper whisper = whispers.get(i);
        if (whisper == null) {
            connect(child);
            return;
        }
        CompletableFuture<?> run;
        try {
            run = whisper.run(child.live(), new Screening.Callee(child.call().id(), child.call().from(),
                    child.call().to()));
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        run.whenComplete((v, e) -> child.live().inbox.execute(() -> {
            boolean up = !child.live().isEnded();
            parent.inbox.execute(() -> whispered(i, child, up && e == null));
        }));
    }

    private void whispered(int i, VoiceEnv.Child child, boolean accepted) {
        if (decided()) {
            hangup(child, "NORMAL_CLEARING");
            return;
        }
        if (!accepted) {
            inFlight--;
            rejected.add(numbers.get(i));
            env.store().event(parent.call().id(), "dial", numbers.get(i) + " declined in the whisper");
            hangup(child, "NORMAL_CLEARING");
            outcomes.add(VoiceSwitch.OriginateOutcome.NO_ANSWER);
            over();
            return;
        }
        connect(child);
    }

    private void connect(VoiceEnv.Child child) {
        winner = child;
        children.stream().filter(c -> c != child).forEach(c -> hangup(c, "ORIGINATOR_CANCEL"));
        parent.leg.stopMedia().thenCompose(x -> parent.leg.connect(child.live().uuid))
                .whenComplete((v, e) -> parent.inbox.execute(() -> {
                    if (e != null) {
                        LOG.log(Level.WARNING, "call " + parent.call().id() + ": connecting to " + child.call().id()
                                + " failed", e);
                        hangup(child, "NORMAL_CLEARING");
                        finish("failed", 0, null);
                        return;
                    }
                    env.store().event(parent.call().id(), "forward", "connected to " + child.call().to() + " (call "
                            + child.call().id() + ")");
                    child.live().finished.whenComplete((x, y) -> parent.inbox.execute(() -> finish("answered",
                            env.store().find(child.call().id()).map(Call::durationSeconds).orElse(0L),
                            child.call().id())));
                }));
    }

    /** A number is out of the running: the next one rings (in turn), or the dial is over when none is left. */
    private void over() {
        if (!all && next < numbers.size()) {
            attempt(next++);
            return;
        }
        if (inFlight > 0 || next < numbers.size()) {
            return;
        }
        String status = outcomes.contains(VoiceSwitch.OriginateOutcome.NO_ANSWER) ? "no-answer"
                : outcomes.contains(VoiceSwitch.OriginateOutcome.BUSY) ? "busy" : "failed";
        parent.leg.stopMedia();
        finish(status, 0, null);
    }

    private void finish(String status, long seconds, String callSid) {
        result.complete(new Screening.Dialled(status, seconds, callSid, List.copyOf(rejected)));
    }

    private boolean decided() {
        return winner != null || parentGone || result.isDone();
    }

    /** The caller hung up: every child still up goes too. */
    private void parentEnded() {
        parentGone = true;
        children.forEach(c -> hangup(c, "ORIGINATOR_CANCEL"));
    }

    private static void hangup(VoiceEnv.Child child, String cause) {
        child.live().inbox.execute(() -> child.live().hangupLocal(cause));
    }
}
