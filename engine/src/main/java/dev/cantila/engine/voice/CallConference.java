package dev.cantila.engine.voice;

import dev.cantila.engine.conference.Conferences;
import dev.cantila.engine.conference.Participant;
import dev.cantila.engine.core.ApiException;
import dev.cantila.runtime.host.CallChannel;
import dev.cantila.runtime.host.HostActionException;

import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code call.conference} (and TwiML {@code <Dial><Conference>}) for one {@link LiveCall}: the call joins in the
 * database ({@link Conferences}: who waits, who starts it), then its leg enters the switch's room; when the leg is
 * out (kicked, the conference ended) the participant leaves in the database and the helper resolves. A call that
 * ends meanwhile leaves with reason {@code hangup}. Runs in the call's {@link Inbox}.
 */
final class CallConference {
    private static final Logger LOG = Logger.getLogger(CallConference.class.getName());

    private final LiveCall live;
    private final VoiceEnv env;
    /** The conference the call is in, while it is. */
    private Conferences.Joined in;

    CallConference(LiveCall live, VoiceEnv env) {
        this.live = live;
        this.env = env;
    }

    /** @param callback the joiner's Twilio status callback, or null */
    CompletableFuture<CallChannel.Conferenced> join(String name, CallChannel.Conference o,
                                                    dev.cantila.scripts.twiml.StatusCallback callback) {
        if (in != null) {
            throw new HostActionException("already_in_conference", "the call is in conference '"
                    + in.conference().name() + "' already");
        }
        Call call = live.call();
        Conferences.Joined joined;
        try {
            joined = env.conferences().join(new Conferences.Join(call.projectId(), name, call.id(), live.uuid,
                    new Conferences.Options(o.startOnEnter(), o.endOnExit(), o.muted(), o.beep(), o.waitUrl(),
                            o.maxParticipants()), callback));
        } catch (ApiException e) {
            throw new HostActionException(e.code(), e.getMessage());
        }
        if (joined.full()) {
            env.store().event(call.id(), "conference", "'" + name + "' is full (" + o.maxParticipants() + ")");
            return CompletableFuture.completedFuture(new CallChannel.Conferenced(null, name, "full", 0));
        }
        in = joined;
        env.store().event(call.id(), "conference", "joined '" + name + "' (" + joined.room() + ")"
                + (joined.waiting() ? ", waiting for it to start" : ""));
        CompletableFuture<CallChannel.Conferenced> result = new CompletableFuture<>();
        Leg.Member member = new Leg.Member(call.id(), o.muted(), o.startOnEnter(), o.endOnExit(), o.beep(),
                o.waitUrl());
        live.guard(live.leg.conference(joined.room(), member), env.settings().maxCall(), "conference")
                .whenComplete((r, e) -> live.inbox.execute(() -> {
                    try {
                        Participant p = leave(e == null ? r.reason() : "left");
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(new CallChannel.Conferenced(joined.room(), name,
                                    p == null || p.leaveReason() == null ? r.reason() : p.leaveReason(),
                                    p == null ? 0 : env.conferences().seconds(p)));
                        }
                    } catch (RuntimeException failure) {
                        LOG.log(Level.WARNING, "call " + call.id() + ": leaving conference " + joined.room()
                                + " failed", failure);
                        result.completeExceptionally(new HostActionException("conference_error",
                                "leaving conference '" + name + "' failed: " + failure.getMessage()));
                    }
                }));
        return result;
    }

    /** The call ended: out of its conference (the switch may not say so for a leg that is gone). */
    void callEnded() {
        try {
            leave("hangup");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "call " + live.call().id() + ": leaving its conference failed", e);
        }
    }

    private Participant leave(String reason) {
        Conferences.Joined j = in;
        if (j == null) {
            return null;
        }
        in = null;
        Participant p = env.conferences().leave(live.call().projectId(), j.room(), live.call().id(), reason);
        env.store().event(live.call().id(), "conference", "left '" + j.conference().name() + "' (" + p.leaveReason()
                + ")");
        return p;
    }
}
