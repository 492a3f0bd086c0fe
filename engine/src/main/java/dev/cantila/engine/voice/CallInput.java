package dev.cantila.engine.voice;

import dev.cantila.scripts.twiml.SpeechInput;
import dev.cantila.runtime.host.CallChannel;
import dev.cantila.scripts.call.Gathering;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What the caller types and says during one {@link LiveCall}: the gather in progress, digits typed ahead of it, the
 * gather timer, and a pending speech gather. Confined to the call's {@link Inbox} like the call itself: every method
 * runs there (the call posts to it), so no field needs a lock; only {@link #heardSpeech} is read off the inbox, once
 * the gather it belongs to has completed.
 */
final class CallInput {
    private final LiveCall call;
    private final StringBuilder typeAhead = new StringBuilder();
    private final Timer gatherTimer = new Timer();
    private Gathering gathering;
    /** A speech gather is waiting (set and read in the inbox); {@link #heardSpeech} is what was said. */
    private boolean speechWanted;
    private volatile SpeechInput.Heard heardSpeech;

    CallInput(LiveCall call) {
        this.call = call;
    }

    /** A DTMF digit: feeds the gather in progress (a first digit stops its prompt), else is kept for the next one. */
    void digit(char d) {
        Gathering g = gathering;
        if (g == null) {
            if (typeAhead.length() < 64) {
                typeAhead.append(d);
            }
            return;
        }
        if (g.digit(d)) {
            call.leg.stopMedia();
        }
        if (g.done()) {
            gathering = null;
        }
    }

    /** Starts a gather (in the inbox): typed-ahead digits count, the prompt plays until the first digit. */
    CompletableFuture<String> start(CallChannel.Gather spec) {
        Gathering g = new Gathering(spec, gatherTimer);
        g.takeTypeAhead(typeAhead);
        if (!g.done()) {
            gathering = g;
            CallChannel.Prompt p = spec.prompt();
            if (p == null) {
                g.promptEnded();
            } else {
                g.prompting();
                Leg leg = call.leg;
                call.guard(p.say() != null ? leg.speak(p.say(), p.voice()) : leg.play(p.play()), call.opTimeout(),
                        "gather prompt").whenComplete((v, e) -> call.inbox.execute(g::promptEnded));
            }
        }
        return g.result();
    }

    /** The next gather listens for speech too (in the inbox). */
    void wantSpeech() {
        speechWanted = true;
        heardSpeech = null;
    }

    /** What the last speech gather heard, or null when it ended on digits or silence. */
    SpeechInput.Heard heardSpeech() {
        return heardSpeech;
    }

    /**
     * The caller said {@code text} (in the inbox): ends a speech gather with it and returns true; otherwise it is
     * not heard.
     */
    boolean speech(String text, double confidence) {
        if (gathering == null || !speechWanted) {
            return false;
        }
        speechWanted = false;
        heardSpeech = new SpeechInput.Heard(gathering.collected(), text, confidence);
        Gathering g = gathering;
        gathering = null;
        call.leg.stopMedia();
        g.timedOut();
        return true;
    }

    /** The call ended: a gather in progress is abandoned. */
    void abandon() {
        if (gathering != null) {
            gathering.abandon();
            gathering = null;
        }
    }

    /** The gather timer: one per call; its expiry comes back through the inbox and applies to its own gather. */
    private final class Timer implements Gathering.TimerSlot {
        private Timers.Cancellable armed;

        @Override
        public void arm(Duration delay, Gathering owner) {
            disarm();
            armed = call.timers().schedule(delay, () -> call.inbox.execute(() -> {
                if (gathering == owner) {
                    gathering = null;
                    owner.timedOut();
                }
            }));
        }

        @Override
        public void disarm() {
            if (armed != null) {
                armed.cancel();
                armed = null;
            }
        }
    }
}
