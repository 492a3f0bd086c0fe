package dev.cantila.runtime.host;

import java.util.Objects;

/**
 * A call as {@code onCall(call, ctx)} sees it: {@code call.id, call.from, call.to, call.direction} (frozen),
 * plus the async helpers backed by {@link CallChannel}.
 *
 * @param direction "inbound" or "outbound"
 */
public record CallEvent(String id, String from, String to, String direction) {
    public CallEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(direction, "direction");
    }
}
