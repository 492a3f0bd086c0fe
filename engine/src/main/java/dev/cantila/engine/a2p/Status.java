package dev.cantila.engine.a2p;

import dev.cantila.engine.core.ApiException;

import java.util.Map;
import java.util.Set;

/**
 * The statuses of each A2P resource and the moves between them, in one place. Stores move a row with
 * {@code UPDATE … WHERE status = ?} after {@link #require}; an illegal move is a 409 naming both statuses.
 */
enum Status {
    // brands
    PENDING, IN_REVIEW, APPROVED, FAILED, SUSPENDED, DELETION_PENDING,
    // campaigns (also PENDING, FAILED)
    VERIFIED,
    // campaign numbers (also PENDING)
    REGISTERED,
    // toll-free verifications (also PENDING, IN_REVIEW, APPROVED)
    REJECTED,
    // secondary vettings (also PENDING)
    COMPLETED;

    /** The resource kinds, each with its own moves. */
    enum Kind { BRAND, CAMPAIGN, NUMBER, TOLLFREE, VETTING }

    private static final Map<Kind, Map<Status, Set<Status>>> MOVES = Map.of(
            Kind.BRAND, Map.of(
                    PENDING, Set.of(IN_REVIEW),
                    IN_REVIEW, Set.of(APPROVED, FAILED),
                    APPROVED, Set.of(SUSPENDED, PENDING, DELETION_PENDING),
                    FAILED, Set.of(PENDING, DELETION_PENDING),
                    SUSPENDED, Set.of(APPROVED, DELETION_PENDING)),
            Kind.CAMPAIGN, Map.of(
                    PENDING, Set.of(VERIFIED, FAILED),
                    FAILED, Set.of(PENDING)),
            Kind.NUMBER, Map.of(PENDING, Set.of(REGISTERED)),
            Kind.TOLLFREE, Map.of(
                    PENDING, Set.of(IN_REVIEW),
                    IN_REVIEW, Set.of(APPROVED, REJECTED)),
            Kind.VETTING, Map.of(PENDING, Set.of(COMPLETED)));

    static Status of(String wire) {
        return valueOf(wire);
    }

    boolean canMove(Kind kind, Status to) {
        return MOVES.get(kind).getOrDefault(this, Set.of()).contains(to);
    }

    /** @throws ApiException 409 {@code illegal_transition} */
    void require(Kind kind, Status to, String id) {
        if (!canMove(kind, to)) {
            throw ApiException.conflict("illegal_transition", kind.name().toLowerCase(java.util.Locale.ROOT) + " " + id
                    + " is " + this + " and cannot become " + to);
        }
    }
}
