package dev.cantila.engine.conference;

import java.util.Locale;

/**
 * A conference: {@code init} (created by its first participant; everyone waits, hearing wait audio) →
 * {@code in-progress} (a startOnEnter participant joined) → {@code completed} (an endOnExit participant left, or
 * the last one did). {@code init → completed} when everyone left before it started. The names are Twilio's.
 */
enum ConferenceStatus {
    INIT, IN_PROGRESS, COMPLETED;

    boolean canMoveTo(ConferenceStatus target) {
        return switch (this) {
            case INIT -> target == IN_PROGRESS || target == COMPLETED;
            case IN_PROGRESS -> target == COMPLETED;
            case COMPLETED -> false;
        };
    }

    /** @throws IllegalStateException when the move is not in the table: a bug, never client input */
    void requireMove(ConferenceStatus target, String id) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("illegal conference transition " + wire() + " -> " + target.wire()
                    + " for " + id);
        }
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ConferenceStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
