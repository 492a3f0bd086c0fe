package dev.cantila.engine.porting;

import dev.cantila.engine.core.ApiException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The states of a port-in request and the one table of its moves:
 * <pre>
 * in_review → waiting_for_signature → submitted → foc_scheduled → completed
 *     ↘ action_required ↙ (resubmit → in_review)      ↘ rejected
 * canceled: from any state before completion (until the FOC instant)
 * expired:  waiting_for_signature for longer than the signature window
 * </pre>
 * Every move is a compare-and-set on the stored status ({@link PortInStore#move}); a move this table does not list
 * is 409 {@code invalid_port_transition}.
 */
public enum PortStatus {
    IN_REVIEW, WAITING_FOR_SIGNATURE, SUBMITTED, ACTION_REQUIRED, FOC_SCHEDULED, COMPLETED, REJECTED, CANCELED, EXPIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PortStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** Holds its numbers in {@code port_in_active}. */
    public boolean active() {
        return !terminal();
    }

    public boolean terminal() {
        return this == COMPLETED || this == REJECTED || this == CANCELED || this == EXPIRED;
    }

    /** The states a move to this one may start from. */
    Set<PortStatus> from() {
        return switch (this) {
            case IN_REVIEW -> EnumSet.of(ACTION_REQUIRED);
            case WAITING_FOR_SIGNATURE -> EnumSet.of(IN_REVIEW);
            case SUBMITTED -> EnumSet.of(WAITING_FOR_SIGNATURE);
            case ACTION_REQUIRED -> EnumSet.of(IN_REVIEW, SUBMITTED);
            case FOC_SCHEDULED -> EnumSet.of(SUBMITTED);
            case COMPLETED -> EnumSet.of(FOC_SCHEDULED);
            case REJECTED -> EnumSet.of(SUBMITTED);
            case CANCELED -> EnumSet.of(IN_REVIEW, WAITING_FOR_SIGNATURE, SUBMITTED, ACTION_REQUIRED, FOC_SCHEDULED);
            case EXPIRED -> EnumSet.of(WAITING_FOR_SIGNATURE);
        };
    }

    /** Refuses {@code current → this} unless the table lists it. */
    void requireFrom(PortStatus current, String portInId) {
        if (!from().contains(current)) {
            throw ApiException.conflict("invalid_port_transition", "port-in " + portInId + " is " + current.wire()
                    + "; it cannot become " + wire() + " (only from " + from().stream().map(PortStatus::wire).toList()
                    + ")");
        }
    }

    /** Every {@code number.port_in.*} event type. */
    public static java.util.Set<String> eventTypes() {
        java.util.Set<String> types = new java.util.HashSet<>();
        for (PortStatus s : values()) {
            types.add(s.eventType());
        }
        return types;
    }

    /** The webhook event type of reaching this state. */
    public String eventType() {
        return "number.port_in." + wire();
    }
}
