package dev.cantila.engine.voice;

import dev.cantila.engine.core.ApiException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The call state machine: {@code queued → ringing → in-progress → completed}, and from queued or ringing (never
 * answered) to {@code busy | no-answer | failed | canceled}. Inbound calls start ringing. An answered call always
 * ends {@code completed}, whatever the hangup cause. Every legal move is listed here and nowhere else; the store
 * applies them with a compare-and-set, so exactly one terminal state is ever reached.
 */
public enum CallStatus {
    QUEUED, RINGING, IN_PROGRESS, COMPLETED, BUSY, NO_ANSWER, FAILED, CANCELED;

    private Set<CallStatus> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RINGING, IN_PROGRESS, BUSY, NO_ANSWER, FAILED, CANCELED);
            case RINGING -> EnumSet.of(IN_PROGRESS, BUSY, NO_ANSWER, FAILED, CANCELED);
            case IN_PROGRESS -> EnumSet.of(COMPLETED);
            case COMPLETED, BUSY, NO_ANSWER, FAILED, CANCELED -> EnumSet.noneOf(CallStatus.class);
        };
    }

    public boolean canMoveTo(CallStatus target) {
        return next().contains(target);
    }

    public boolean isTerminal() {
        return next().isEmpty();
    }

    /** @throws IllegalStateException when the move is not in the table: a bug, never client input */
    public void requireMove(CallStatus target, String callId) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("illegal call transition " + wire() + " -> " + target.wire() + " for "
                    + callId);
        }
    }

    /**
     * The terminal state of a call that ended with {@code cause} (a FreeSWITCH hangup cause): answered calls
     * complete; otherwise busy, no-answer, canceled (hung up before answer by either side) or failed.
     */
    public static CallStatus terminal(boolean answered, String cause) {
        if (answered) {
            return COMPLETED;
        }
        String c = cause == null ? "" : cause.trim().toUpperCase(Locale.ROOT);
        if (c.equals("NORMAL_CLEARING") || c.equals("ORIGINATOR_CANCEL")) {
            return CANCELED;
        }
        return switch (VoiceSwitch.OriginateOutcome.fromCause(c)) {
            case BUSY -> BUSY;
            case NO_ANSWER -> NO_ANSWER;
            case ANSWERED -> CANCELED;
            case FAILED -> FAILED;
        };
    }

    /** {@code queued, ringing, in-progress, completed, busy, no-answer, failed, canceled}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static CallStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Parses a status given as a query filter; unknown values are a 400 naming {@code field}. */
    public static CallStatus parse(String s, String field) {
        try {
            return fromWire(s.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, field + " must be one of " + EnumSet.allOf(CallStatus.class)
                    .stream().map(CallStatus::wire).toList() + ", got '" + s + "'");
        }
    }
}
