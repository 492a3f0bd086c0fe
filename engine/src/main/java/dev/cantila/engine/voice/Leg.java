package dev.cantila.engine.voice;

import dev.cantila.runtime.host.CallChannel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Operations on one live leg. Each returns at once and completes when the switch reports the operation done
 * (FreeSWITCH: the {@code CHANNEL_EXECUTE_COMPLETE} whose {@code Application-UUID} is the {@code Event-UUID} we
 * sent). Operations queue on the leg and run one after another ({@code event-lock}). Every operation has a
 * deadline in the implementation; a missed deadline completes it exceptionally with
 * {@link java.util.concurrent.TimeoutException} (the domain then kills the leg). When the leg hangs up, pending
 * operations may complete normally (an interrupted prompt) or never: the domain does not wait for them after
 * {@link SwitchEvents#hungUp}.
 */
public interface Leg {

    String uuid();

    CompletableFuture<Void> answer();

    /** Text to speech ({@code speak engine|voice|text}); {@code voice} null means the configured default. */
    CompletableFuture<Void> speak(String text, String voice);

    /** Plays a file path or URL the switch can fetch ({@code playback}). */
    CompletableFuture<Void> play(String url);

    /** Silence ({@code sleep}). */
    CompletableFuture<Void> pause(Duration duration);

    /** Stops the media now playing (barge-in; FreeSWITCH {@code uuid_break}). Completes when the switch accepted it. */
    CompletableFuture<Void> stopMedia();

    /**
     * Bridges the leg to the first of {@code targets} to answer (tried in order, each for {@code timeout}), with
     * {@code callerId} (null: the leg's own number) and an optional recording of the bridged call to
     * {@code recordPath}. Completes when the attempt fails, or, if answered, when the bridged far end hangs up.
     */
    default CompletableFuture<BridgeResult> bridge(List<String> targets, Duration timeout, String callerId,
                                                   String recordPath) {
        return bridge(targets, timeout, callerId, recordPath, CallChannel.DialOptions.NONE);
    }

    /** {@link #bridge} with TwiML's {@code <Dial>} extras: a {@code timeLimit} hangs the answered party up. */
    CompletableFuture<BridgeResult> bridge(List<String> targets, Duration timeout, String callerId, String recordPath,
                                           CallChannel.DialOptions options);

    /**
     * Like {@link #bridge}, but every target rings at once: the first to answer is bridged, the others are cancelled
     * (FreeSWITCH: targets separated by {@code ,}). Not answered within {@code timeout}: no-answer (busy or failed
     * when every target was).
     */
    default CompletableFuture<BridgeResult> ringAll(List<String> targets, Duration timeout, String callerId,
                                                    String recordPath) {
        return ringAll(targets, timeout, callerId, recordPath, CallChannel.DialOptions.NONE);
    }

    /** {@link #ringAll} with TwiML's {@code <Dial>} extras, as {@link #bridge}. */
    default CompletableFuture<BridgeResult> ringAll(List<String> targets, Duration timeout, String callerId,
                                                    String recordPath, CallChannel.DialOptions options) {
        return bridge(targets, timeout, callerId, recordPath, options);
    }

    /**
     * Records the caller to {@code path} until {@code maxLength}, silence or {@code #}, after a beep if asked.
     * Completes with what was recorded.
     */
    CompletableFuture<RecordResult> record(String path, Duration maxLength, boolean beep);

    /**
     * Puts the leg in conference {@code room} as {@code member} (FreeSWITCH: the {@code conference} application,
     * {@code room@default} with member flags). Before a startOnEnter member is in, the leg hears wait audio and is
     * not heard; an endOnExit member leaving takes everyone out. Completes when the leg is out of the room: kicked,
     * the conference ended, or the leg hung up.
     */
    default CompletableFuture<ConferenceResult> conference(String room, Member member) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("conferences are not supported by"
                + " this switch"));
    }

    /**
     * Connects this leg to {@code other}, another live leg of ours that answered and waits parked (a {@code <Dial>}
     * child after its whisper; FreeSWITCH: {@code uuid_bridge}, this leg set to park again when the bridge ends).
     * Completes once the switch has bridged them; the bridge ends when either leg hangs up, which the domain learns
     * from {@link SwitchEvents#hungUp}. The leg left behind stays up, waiting for its next operation.
     */
    default CompletableFuture<Void> connect(String other) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("connecting two legs is not"
                + " supported by this switch"));
    }

    /** Hangs the leg up with a cause ({@code NORMAL_CLEARING} by default). */
    CompletableFuture<Void> hangup(String cause);

    /** Refuses an unanswered inbound leg: {@code busy} ({@code USER_BUSY}) or {@code rejected} ({@code CALL_REJECTED}). */
    CompletableFuture<Void> reject(String reason);

    /** @param answeredBy the target that answered, or null */
    record BridgeResult(VoiceSwitch.OriginateOutcome outcome, String answeredBy, long durationSeconds) {
    }

    /**
     * A conference member. {@code label} names it to the others (the call id); {@code waitUrl} is the wait audio
     * (null: the switch's hold music).
     */
    record Member(String label, boolean muted, boolean startOnEnter, boolean endOnExit, boolean beep, String waitUrl) {
    }

    /** @param reason kicked, conference-ended or hangup */
    record ConferenceResult(String reason) {
    }

    /** @param durationMillis 0 when nothing was recorded */
    record RecordResult(String path, long durationMillis) {
    }
}
