package dev.cantila.scripts.twiml;

import dev.cantila.runtime.host.CallChannel;

import java.util.concurrent.CompletableFuture;

/**
 * A call that can also hear speech during a gather (TwiML {@code <Gather input="speech">}). The simulated switch
 * can (a test or the caller's tool says the words through {@code POST /v1/sim/calls/:cid/speech}); FreeSWITCH
 * without an ASR module cannot, and a TwiML app asking for speech there gets digits only.
 */
public interface SpeechInput {
    /** What a gather collected: digits (possibly empty), or the words said and the recogniser's confidence. */
    record Heard(String digits, String speech, double confidence) {
    }

    /** Like {@link CallChannel#gather}, but words said end the gather too. */
    CompletableFuture<Heard> gatherSpeech(CallChannel.Gather spec);
}
