package dev.cantila.engine.sms;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A bulk batch's states: {@code accepting → sending → completed | canceled}, or {@code accepting → failed} when the
 * instance accepting it died (or its accept failed) before every row was stored. While a batch is
 * {@code accepting} its messages are being inserted in chunks, each its own commit, and the dispatcher takes none
 * of them; the single move {@code accepting → sending} makes them all claimable at once. Every legal move is listed
 * here and nowhere else.
 */
enum BatchStatus {
    ACCEPTING, SENDING, COMPLETED, CANCELED, FAILED;

    private Set<BatchStatus> next() {
        return switch (this) {
            case ACCEPTING -> EnumSet.of(SENDING, COMPLETED, FAILED);
            case SENDING -> EnumSet.of(COMPLETED, CANCELED);
            case COMPLETED, CANCELED, FAILED -> EnumSet.noneOf(BatchStatus.class);
        };
    }

    boolean canMoveTo(BatchStatus target) {
        return next().contains(target);
    }

    /** @throws IllegalStateException when the move is not in the table: a bug, never client input */
    void requireMove(BatchStatus target, String batchId) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("illegal bulk batch transition " + this + " -> " + target + " for "
                    + batchId);
        }
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BatchStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
