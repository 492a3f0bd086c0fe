package dev.cantila.runtime.host;

import java.util.Map;
import java.util.Objects;

/**
 * A call as {@code onCall(call, ctx)} sees it: {@code call.id, call.from, call.to, call.direction} (frozen),
 * plus the async helpers backed by {@link CallChannel}.
 *
 * @param direction "inbound" or "outbound"
 * @param params    outbound calls: the string parameters given when the call was started ({@code call.params},
 *                  frozen); inbound calls: empty
 */
public record CallEvent(String id, String from, String to, String direction, Map<String, String> params) {
    public CallEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(direction, "direction");
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** A call without params (every inbound call). */
    public CallEvent(String id, String from, String to, String direction) {
        this(id, from, to, direction, Map.of());
    }
}
