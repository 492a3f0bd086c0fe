package dev.cantila.scripts.twiml;

import dev.cantila.runtime.host.CallChannel;

import java.util.concurrent.CompletableFuture;

/**
 * A call that can join a conference with Twilio status callbacks ({@code <Conference statusCallback>}); implemented
 * by the engine's live calls, used by {@link TwimlCall} when a {@code <Conference>} names a callback.
 */
public interface ConferenceCallbacks {
    /** As {@link CallChannel#conference}, the conference's moves also posted to {@code callback}. */
    CompletableFuture<CallChannel.Conferenced> conference(String name, CallChannel.Conference options,
                                                          StatusCallback callback);
}
