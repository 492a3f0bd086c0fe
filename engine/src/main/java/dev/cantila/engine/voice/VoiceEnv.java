package dev.cantila.engine.voice;

import dev.cantila.engine.conference.Conferences;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.core.Ids;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What every live call acts through, shared by all of them.
 *
 * @param claims which instance runs which leg: a call is claimed before any command and released when it leaves
 * @param dialer places the child calls of a {@code <Dial>} whose called party hears a whisper first
 */
record VoiceEnv(CallStore store, Voicemails voicemails, Timers timers, Ids ids, Settings.VoiceSettings settings,
                Consumer<LiveCall> release, LegClaims claims, Conferences conferences, Dialer dialer) {

    /** Places a child call of a live call (see {@link VoiceCalls#dialChild}). */
    @FunctionalInterface
    interface Dialer {
        Child dialChild(Call parent, String from, String to, java.time.Duration timeout);
    }

    /** A child call and how its originate ended (answered: it is up, parked, with no handler of its own). */
    record Child(Call call, LiveCall live, java.util.concurrent.CompletableFuture<VoiceSwitch.OriginateOutcome> outcome) {
    }

    Duration opTimeout() {
        return settings.opTimeout();
    }

    Path recording(String callId, String kind) {
        return settings.recordingsDir().toAbsolutePath().resolve(callId + "-" + kind + "-" + ids.next("rec")
                .substring(4) + ".wav");
    }
}
