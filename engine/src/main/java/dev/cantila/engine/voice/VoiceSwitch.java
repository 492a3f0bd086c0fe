package dev.cantila.engine.voice;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What carries calls: FreeSWITCH over the event socket, or the simulated carrier. The voice domain drives legs
 * through {@link Leg} and learns what happens on the network through the {@link SwitchEvents} sink given to
 * {@link #start}.
 *
 * <p>Threading contract: events for one leg are delivered in the order the switch produced them, never two at
 * once for the same leg (the ESL reader is one thread per connection; the simulator serializes per call). Futures
 * returned by {@link Leg} are completed from that same event thread; consumers must not block it.
 *
 * <p>Identity: a leg is named by a UUID. Inbound legs carry the switch's {@code Unique-ID}; outbound legs carry
 * the UUID we chose ({@code origination_uuid}), so a call id can be mapped before the switch answers.
 */
public interface VoiceSwitch extends AutoCloseable {

    /** Connects (if remote) and starts delivering events. Called once, after the domain is wired. */
    void start(SwitchEvents events);

    /** Media and control operations on one live leg. Cheap; does not check the leg exists. */
    Leg leg(String uuid);

    /**
     * Kills a leg this engine may not be running (another instance's call, or nobody's any more) with
     * {@code cause}, whatever it is doing; completes when the switch reports it gone (at once when it is gone
     * already). FreeSWITCH: {@code uuid_kill} on this engine's own connection to the leg's node.
     */
    default CompletableFuture<Void> kill(String uuid, String cause) {
        return leg(uuid).hangup(cause);
    }

    /**
     * Starts an outbound leg with our UUID from {@code from} (caller id) to {@code to} (E.164). Completes when the
     * far end answers ({@link OriginateOutcome#ANSWERED}: the leg is then up and parked, waiting for {@link Leg}
     * operations) or when the attempt ends without answer. {@link SwitchEvents#ringing} may fire before.
     */
    CompletableFuture<OriginateOutcome> originate(String uuid, String from, String to, Duration timeout);

    /**
     * Which of {@code uuids} are still alive on the switch: used to reconcile live calls after a lost connection
     * or a restart. A UUID not in the answer is gone; the domain ends its call.
     */
    CompletableFuture<Set<String>> alive(Collection<String> uuids);

    /**
     * Sends an SMS through the switch (FreeSWITCH: {@code chat} API, SIP MESSAGE). Completes with a provider id,
     * or exceptionally when the switch refused it.
     */
    CompletableFuture<String> sendSms(String from, String to, String body);

    /**
     * Mutes, unmutes or kicks the member of conference {@code room} on leg {@code legUuid} (FreeSWITCH:
     * {@code api conference <room> mute|unmute|kick <member-id>}); nothing when the leg is not in the room.
     */
    default CompletableFuture<Void> conferenceMember(String room, String legUuid, MemberAction action) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("conferences are not supported by"
                + " this switch"));
    }

    /** What the API does to a conference member. */
    enum MemberAction { MUTE, UNMUTE, KICK }

    @Override
    void close();

    /** How an originate (or a forward's bridge) attempt ended. */
    enum OriginateOutcome {
        ANSWERED("answered"), BUSY("busy"), NO_ANSWER("no-answer"), FAILED("failed");

        private final String wire;

        OriginateOutcome(String wire) {
            this.wire = wire;
        }

        /** The name scripts and the API use: {@code answered, busy, no-answer, failed}. */
        public String wire() {
            return wire;
        }

        /**
         * Maps a FreeSWITCH hangup cause or originate disposition ({@code USER_BUSY}, {@code NO_ANSWER},
         * {@code NO_USER_RESPONSE}, {@code ORIGINATOR_CANCEL}, {@code CALL_REJECTED}, {@code SUCCESS}...) to an outcome.
         */
        public static OriginateOutcome fromCause(String cause) {
            if (cause == null) {
                return FAILED;
            }
            return switch (cause.trim().toUpperCase(java.util.Locale.ROOT)) {
                case "SUCCESS", "ANSWER", "NORMAL_CLEARING" -> ANSWERED;
                case "USER_BUSY", "BUSY", "CALL_REJECTED", "USER_CHALLENGE" -> BUSY;
                case "NO_ANSWER", "NO_USER_RESPONSE", "NOANSWER", "ALLOTTED_TIMEOUT", "PROGRESS_TIMEOUT" -> NO_ANSWER;
                default -> FAILED;
            };
        }
    }
}
