package dev.cantila.engine.voice;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The recordings of one {@link LiveCall} ({@code voicemail}, {@code record}): each is stored when the switch
 * completes it, even when the caller hung up meanwhile (with FreeSWITCH the recording usually completes just after
 * the hangup: a voicemail ended by hanging up is the normal case), and the call stays registered until every one is
 * stored, so no write is lost. Confined to the call's {@link Inbox}.
 */
final class CallRecordings {
    private final LiveCall live;
    private final VoiceEnv env;
    private int inFlight;

    CallRecordings(LiveCall live, VoiceEnv env) {
        this.live = live;
        this.env = env;
    }

    /** Recordings whose result is not stored yet. */
    int inFlight() {
        return inFlight;
    }

    /** Records {@code kind} (voicemail or record) on the call's leg; completes with its id, or null when silent. */
    CompletableFuture<String> record(String kind, Duration maxLength, boolean beep) {
        Call c = live.call();
        String path = env.recording(c.id(), kind).toString();
        CompletableFuture<String> stored = new CompletableFuture<>();
        inFlight++;
        live.guard(live.leg.record(path, maxLength, beep), maxLength.plus(env.opTimeout()), "record")
                .whenComplete((r, e) -> live.inbox.execute(() -> {
                    try {
                        if (e != null) {
                            stored.completeExceptionally(e);
                        } else if (r.durationMillis() <= 0) {
                            stored.complete(null);
                        } else {
                            stored.complete(kind.equals("voicemail")
                                    ? env.voicemails().voicemail(c, r.path(), r.durationMillis())
                                    : env.voicemails().recording(c, kind, r.path(), r.durationMillis()));
                        }
                    } finally {
                        inFlight--;
                        live.release();
                    }
                }));
        return stored;
    }
}
