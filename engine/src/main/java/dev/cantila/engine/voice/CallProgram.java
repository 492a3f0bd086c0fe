package dev.cantila.engine.voice;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What an outbound call placed by the engine itself runs once answered (not a user's script or URL): registered by
 * route kind with {@link VoiceModule#program}, placed with {@link VoiceCalls#originateProgram}. Its helpers work as a
 * script's, except that {@link Channel#say} keeps {@code shown} in the call's timeline instead of what is spoken (a
 * one-time code is spoken, never stored).
 */
@FunctionalInterface
public interface CallProgram {

    /**
     * Runs the answered call; completes when done (a helper fails once the callee hung up).
     *
     * @param target the route target given to {@link VoiceCalls#originateProgram} (e.g. a verification id)
     */
    CompletableFuture<?> run(Call call, String target, Channel channel);

    /** The helpers a program drives the call with. */
    interface Channel {
        /** Speaks {@code text}; the timeline (stored) gets {@code shown}. */
        CompletableFuture<Void> say(String text, String shown);

        CompletableFuture<Void> pause(Duration duration);

        /** Up to {@code numDigits} keys, the prompt said meanwhile; "" when none came within {@code timeout}. */
        CompletableFuture<String> gather(String prompt, int numDigits, Duration timeout);

        CompletableFuture<Void> hangup();
    }
}
