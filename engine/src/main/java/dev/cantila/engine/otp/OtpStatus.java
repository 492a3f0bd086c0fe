package dev.cantila.engine.otp;

import dev.cantila.engine.core.ApiException;

import java.util.Locale;

/**
 * A verification's states. {@code pending} is the only live one: it moves once, to exactly one terminal state
 * (approved by the right code, canceled by request, expired at its TTL, max_attempts_reached at the fifth wrong
 * check, blocked when the pumping guard blocks its destination prefix). Terminal states never move.
 */
public enum OtpStatus {
    PENDING, APPROVED, CANCELED, EXPIRED, MAX_ATTEMPTS_REACHED, BLOCKED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OtpStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** A status from a query parameter: 400 naming {@code field} when unknown. */
    static OtpStatus parse(String wire, String field) {
        for (OtpStatus s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw ApiException.invalid(field, field + " must be one of pending, approved, canceled, expired,"
                + " max_attempts_reached, blocked; got '" + wire + "'");
    }

    public boolean terminal() {
        return this != PENDING;
    }

    boolean canMoveTo(OtpStatus to) {
        return this == PENDING && to != PENDING;
    }

    /** Refuses an illegal move: 409 {@code otp_<status>} naming the verification and its state. */
    void requireMove(OtpStatus to, String id) {
        if (!canMoveTo(to)) {
            throw refusal(id);
        }
    }

    /**
     * Why a verification in this (terminal) state cannot be checked, canceled or re-sent: 410 {@code expired},
     * 429 {@code max_attempts_reached} (dead: request a new code), 409 for the others.
     */
    ApiException refusal(String id) {
        return switch (this) {
            case EXPIRED -> new ApiException(ApiException.Kind.GONE, "expired", "verification " + id
                    + " has expired; request a new code", null);
            case MAX_ATTEMPTS_REACHED -> ApiException.rateLimited("max_attempts_reached", "verification " + id
                    + " had 5 wrong checks and is closed; request a new code", "code", 1);
            case APPROVED -> ApiException.conflict("already_approved", "verification " + id
                    + " is already approved; a code is good for one approval");
            case CANCELED -> ApiException.conflict("canceled", "verification " + id + " was canceled");
            case BLOCKED -> ApiException.conflict("blocked", "verification " + id
                    + " was blocked by the SMS-pumping guard (its destination prefix is blocked)");
            case PENDING -> ApiException.conflict("pending", "verification " + id + " is pending");
        };
    }
}
