package dev.cantila.scripts.twiml;

import dev.cantila.runtime.host.CallChannel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A call that can dial numbers whose called party hears a whisper before being connected (TwiML's {@code <Dial>
 * <Number url>}): each number is a child call of its own; when one answers, its whisper runs on that child's leg
 * while the caller hears ringback. A whisper that ends with the child still up connects the two; one that hangs the
 * child up (or fails) counts as that number not answering, and the others go on ringing. Implemented by the engine's
 * live calls; {@link TwimlCall} uses it when a {@code <Number>} has a {@code url}.
 */
public interface Screening {
    /** What runs on an answered child's leg; completes when it is over (the child hung up or not). */
    @FunctionalInterface
    interface Whisper {
        CompletableFuture<?> run(CallChannel callee, Callee info);
    }

    /**
     * The answered child call, as its whisper's request describes it.
     *
     * @param callId the child's own call id (Twilio's {@code CallSid} of the whisper request)
     * @param from   the caller id it was dialled with
     * @param to     the number dialled
     */
    record Callee(String callId, String from, String to) {
    }

    /**
     * @param status       answered, busy, no-answer or failed (Twilio's {@code DialCallStatus} once mapped)
     * @param callSid      the child call that was connected (null when none was)
     * @param rejected     numbers whose whisper hung up or failed
     */
    record Dialled(String status, long durationSeconds, String callSid, List<String> rejected) {
    }

    /**
     * Dials {@code targets} (all at once when {@code all}, else in turn, each for {@code timeout}); {@code whispers}
     * is parallel to them, null where a number has none (connected as soon as it answers).
     */
    CompletableFuture<Dialled> forwardScreened(List<String> targets, List<Whisper> whispers, Duration timeout,
                                               String callerId, boolean all);
}
