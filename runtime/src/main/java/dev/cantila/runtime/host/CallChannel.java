package dev.cantila.runtime.host;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One live call as the handler's {@code call} object drives it (issue #4 implements it over ESL and the
 * simulated carrier). The shape is fixed now so the JS API does not change later.
 *
 * <p>JS facade (every helper returns a thenable, so {@code await call.say('Hi')} works):
 * <pre>
 *   call.id, call.from, call.to, call.direction           frozen strings
 *   await call.say(text, {voice?})                         -&gt; undefined
 *   await call.play(url)                                   -&gt; undefined
 *   await call.pause(seconds)                              -&gt; undefined
 *   await call.gather({numDigits?, timeoutSeconds?, finishOnKey?}) -&gt; digits string (empty on timeout)
 *   await call.forward(to, {timeoutSeconds?, callerId?})   -&gt; 'answered' | 'busy' | 'no-answer' | 'failed'
 *   await call.voicemail({greeting?, maxSeconds?})          -&gt; recording id or null
 *   await call.record({maxSeconds?, beep?})                -&gt; recording id or null
 *   await call.hangup() / call.reject({reason?})           -&gt; undefined, the session ends
 * </pre>
 *
 * <p>Arguments the script left out arrive as null (strings, durations) or -1 ({@code numDigits}): use the
 * channel's default. A method may throw {@link HostActionException} to refuse at once (the script's promise
 * rejects with that code).
 *
 * <p>Contract: methods never block; they start the media operation and return a future that the engine
 * completes from its event thread ({@code CHANNEL_EXECUTE_COMPLETE}, {@code DTMF}, {@code CHANNEL_BRIDGE}...).
 * The runtime never resolves the JS promise on that thread (GraalJS forbids a second thread in a context):
 * the completion is posted to the call's inbox and run as the next "turn" on a script worker, under the
 * same per-turn limits as an SMS invocation. A hang-up completes every pending future exceptionally with a
 * {@link HostActionException} code {@code "hangup"}; the session then ends.
 */
public interface CallChannel {

    CompletableFuture<Void> say(String text, String voice);

    CompletableFuture<Void> play(String url);

    CompletableFuture<Void> pause(Duration duration);

    /** Digits collected; empty string when the timeout passed without input. */
    CompletableFuture<String> gather(int numDigits, Duration timeout, String finishOnKey);

    /** Outcome of the bridge attempt: answered, busy, no-answer, failed. */
    CompletableFuture<String> forward(String to, Duration timeout, String callerId);

    /** Recording id, or null when the caller left nothing. */
    CompletableFuture<String> voicemail(String greeting, Duration maxLength);

    CompletableFuture<String> record(Duration maxLength, boolean beep);

    CompletableFuture<Void> hangup();

    CompletableFuture<Void> reject(String reason);
}
