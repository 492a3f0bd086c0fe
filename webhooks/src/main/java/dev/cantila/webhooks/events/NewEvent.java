package dev.cantila.webhooks.events;

import java.util.Optional;

/**
 * An event to emit.
 *
 * @param type       a known concrete type, e.g. {@code sms.status}
 * @param resourceId what the event is about ({@code msg_…}, {@code call_…}); sequence numbers count per resource
 * @param data       anything Jackson can serialise (a record, a {@code Map}); becomes {@code data} in the payload
 * @param callback   an extra target for this one event, e.g. the message's {@code statusCallback}
 */
public record NewEvent(String projectId, String type, String resourceId, Object data,
                       Optional<CallbackTarget> callback) {

    public static NewEvent of(String projectId, String type, String resourceId, Object data) {
        return new NewEvent(projectId, type, resourceId, data, Optional.empty());
    }
}
