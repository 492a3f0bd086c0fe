package dev.cantila.engine.conference;

import java.util.Locale;

/**
 * A call in a conference: {@code waiting} (the conference has not started: it hears wait audio, is not heard) →
 * {@code joined} (talking and listening, unless muted) → {@code left}; {@code waiting → left} when it gives up or is
 * kicked before the start. Muting is a flag beside the status, allowed in both live states.
 */
enum ParticipantStatus {
    WAITING, JOINED, LEFT;

    boolean canMoveTo(ParticipantStatus target) {
        return switch (this) {
            case WAITING -> target == JOINED || target == LEFT;
            case JOINED -> target == LEFT;
            case LEFT -> false;
        };
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ParticipantStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
