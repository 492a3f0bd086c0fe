package dev.cantila.engine.sms;

import dev.cantila.engine.core.ApiException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The SMS state machine. Outbound: {@code queued → sending → sent → delivered | undelivered}, with {@code failed}
 * reachable from queued, sending and sent; {@code scheduled → queued | canceled}; a queued message may be
 * canceled (bulk cancel) and a sending one put back to queued (the carrier asked us to slow down). Inbound
 * messages are {@code received}. Every legal move is listed here and nowhere else.
 */
public enum MessageStatus {
    SCHEDULED, QUEUED, SENDING, SENT, DELIVERED, UNDELIVERED, FAILED, CANCELED, RECEIVED;

    private Set<MessageStatus> next() {
        return switch (this) {
            case SCHEDULED -> EnumSet.of(QUEUED, CANCELED);
            case QUEUED -> EnumSet.of(SENDING, CANCELED, FAILED);
            case SENDING -> EnumSet.of(SENT, FAILED, QUEUED);
            case SENT -> EnumSet.of(DELIVERED, UNDELIVERED, FAILED);
            case DELIVERED, UNDELIVERED, FAILED, CANCELED, RECEIVED -> EnumSet.noneOf(MessageStatus.class);
        };
    }

    public boolean canMoveTo(MessageStatus target) {
        return next().contains(target);
    }

    public boolean isTerminal() {
        return next().isEmpty();
    }

    /** @throws IllegalStateException when the move is not in the table: a bug, never client input */
    public void requireMove(MessageStatus target, String messageId) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("illegal SMS transition " + this + " -> " + target + " for " + messageId);
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** Parses a status given as a query filter; unknown values are a 400 naming {@code field}. */
    public static MessageStatus parse(String s, String field) {
        try {
            return fromWire(s.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, field + " must be one of " + EnumSet.allOf(MessageStatus.class)
                    .stream().map(MessageStatus::wire).toList() + ", got '" + s + "'");
        }
    }
}
