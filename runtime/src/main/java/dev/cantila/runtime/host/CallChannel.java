package dev.cantila.runtime.host;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One live call as the handler's {@code call} object drives it, implemented by the engine over the switch seam
 * (FreeSWITCH or the simulated carrier) and by the scripts module for local tests.
 *
 * <p>JS facade (every helper returns a promise; defaults are Twilio's and are applied by the runtime, so the
 * channel always receives concrete values):
 * <pre>
 *   call.id, call.from, call.to, call.direction                       frozen strings
 *   await call.say(text, {voice?})                                    -&gt; undefined
 *   await call.play(url)                                              -&gt; undefined
 *   await call.pause(seconds = 1)                                     -&gt; undefined
 *   await call.gather({numDigits?, finishOnKey = '#', timeoutSeconds = 5,
 *                      interDigitTimeoutSeconds = timeoutSeconds, prompt?: {say, voice?} | {play}})
 *                                                                     -&gt; digits string ('' on timeout)
 *   await call.forward(to | [to, ...], {timeoutSeconds = 30, callerId?, record = false})
 *                                                                     -&gt; {status: 'answered' | 'busy' | 'no-answer'
 *                                                                         | 'failed', durationSeconds}
 *   await call.voicemail({greeting?, maxSeconds = 120, beep = true})   -&gt; voicemail id, or null if nothing was said
 *   await call.record({maxSeconds = 120, beep = true})                 -&gt; recording id, or null
 *   await call.conference(name, {startOnEnter = true, endOnExit = false, muted = false, beep = true,
 *                                waitUrl?, maxParticipants = 250})
 *                                                                     -&gt; {conferenceId, name, reason: 'kicked'
 *                                                                         | 'conference-ended' | 'full' | 'left',
 *                                                                         durationSeconds}, once out of it
 *   await call.hangup(cause?)                                         -&gt; undefined, the call ends
 *   await call.reject('busy' | 'rejected' = 'rejected')               -&gt; undefined (only before answer)
 * </pre>
 *
 * <p>A method may throw or return a future failed with {@link HostActionException} to refuse (the script's promise
 * rejects with that code). Code {@link #CALL_ENDED} means the call is gone (remote hangup, lost switch): the
 * runtime rejects with an error named {@code CallEnded}, and every later helper of the call rejects the same way
 * without reaching the channel.
 *
 * <p>Contract: methods never block; they start the operation and return a future that the engine completes from
 * any thread. The runtime never resolves the JS promise on that thread (GraalJS forbids a second thread in a
 * context): the completion is posted to the call's inbox and run as the next turn on a script worker, under the
 * same per-turn limits as an SMS invocation.
 */
public interface CallChannel {
    /** The {@link HostActionException#code()} of "the call has ended"; scripts see {@code error.name === 'CallEnded'}. */
    String CALL_ENDED = "call_ended";

    Duration DEFAULT_PAUSE = Duration.ofSeconds(1);
    Duration DEFAULT_GATHER_TIMEOUT = Duration.ofSeconds(5);
    String DEFAULT_FINISH_ON_KEY = "#";
    Duration DEFAULT_FORWARD_TIMEOUT = Duration.ofSeconds(30);
    Duration DEFAULT_MAX_RECORDING = Duration.ofSeconds(120);

    CompletableFuture<Void> say(String text, String voice);

    CompletableFuture<Void> play(String url);

    CompletableFuture<Void> pause(Duration duration);

    /** Digits collected, without the finish key; empty string when the timeout passed without input. */
    CompletableFuture<String> gather(Gather gather);

    CompletableFuture<Forwarded> forward(List<String> targets, Duration timeout, String callerId, boolean record);

    /**
     * Like {@link #forward}, but every number rings at once and the first to answer is connected (TwiML's several
     * {@code <Number>} nouns). A channel without simultaneous ringing tries them in turn.
     */
    default CompletableFuture<Forwarded> forwardAll(List<String> targets, Duration timeout, String callerId,
                                                    boolean record) {
        return forward(targets, timeout, callerId, record);
    }

    /**
     * {@link #forward} (or {@link #forwardAll} when {@code all}) with TwiML's extra {@code <Dial>} settings. A channel
     * that cannot act on them forwards without them.
     */
    default CompletableFuture<Forwarded> forward(List<String> targets, Duration timeout, String callerId,
                                                 boolean record, boolean all, DialOptions options) {
        return all ? forwardAll(targets, timeout, callerId, record) : forward(targets, timeout, callerId, record);
    }

    /** The voicemail's id, or null when the caller left nothing. */
    CompletableFuture<String> voicemail(String greeting, Duration maxLength, boolean beep);

    /** The recording's id, or null when nothing was recorded. */
    CompletableFuture<String> record(Duration maxLength, boolean beep);

    /**
     * Joins conference {@code name} (of the call's project); completes when the call is out of it again (kicked,
     * the conference ended) or at once when it is full. The caller hanging up fails it with {@link #CALL_ENDED}.
     */
    default CompletableFuture<Conferenced> conference(String name, Conference options) {
        return CompletableFuture.failedFuture(new HostActionException("unsupported",
                "call.conference is not available here"));
    }

    /** @param cause null for a normal clearing */
    CompletableFuture<Void> hangup(String cause);

    /** @param reason {@code busy} or {@code rejected} */
    CompletableFuture<Void> reject(String reason);

    /**
     * What to collect.
     *
     * @param numDigits         stop after this many digits; 0 = no limit (finish key or timeout ends it)
     * @param finishOnKey       a key that ends input (not included in the result), or "" for none
     * @param timeout           how long to wait for the first digit after the prompt finished
     * @param interDigitTimeout how long to wait for each next digit
     * @param prompt            played while waiting; the first digit stops it (barge-in); null for none
     */
    record Gather(int numDigits, String finishOnKey, Duration timeout, Duration interDigitTimeout, Prompt prompt) {
    }

    /** A gather prompt: exactly one of {@code say} (with an optional voice) and {@code play}. */
    record Prompt(String say, String voice, String play) {
    }

    /**
     * How a call joins a conference (Twilio's defaults: start on enter, beep, 250 participants).
     *
     * @param waitUrl what waiting participants hear before the start (null: hold music)
     */
    record Conference(boolean startOnEnter, boolean endOnExit, boolean muted, boolean beep, String waitUrl,
                      int maxParticipants) {
    }

    /**
     * @param conferenceId null when the conference was full
     * @param reason       kicked, conference-ended, full or left
     */
    record Conferenced(String conferenceId, String name, String reason, long durationSeconds) {
    }

    /** @param status answered, busy, no-answer or failed; {@code durationSeconds} is the bridged talk time */
    record Forwarded(String status, long durationSeconds) {
    }

    /**
     * TwiML's extras of a {@code <Dial>}: {@code timeLimit} ends the bridged talk after that long (null: no limit of
     * its own); {@code sendDigits} maps a target (as given) to the DTMF it hears once it answers, before it is
     * connected ({@code 0-9 * #}, {@code w} half a second's pause); with {@code hangupOnStar} the caller pressing
     * {@code *} while connected hangs the called party up.
     */
    record DialOptions(Duration timeLimit, Map<String, String> sendDigits, boolean hangupOnStar) {
        public static final DialOptions NONE = new DialOptions(null, Map.of(), false);

        public DialOptions {
            sendDigits = Map.copyOf(sendDigits);
        }

        public DialOptions(Duration timeLimit) {
            this(timeLimit, Map.of(), false);
        }

        public DialOptions(Duration timeLimit, Map<String, String> sendDigits) {
            this(timeLimit, sendDigits, false);
        }
    }
}
