package dev.cantila.engine.sms;

import java.time.Instant;
import java.util.List;

/** An SMS as the API shows it, with its status history when fetched singly. */
public record Message(String id, String projectId, String direction, String from, String to, String body,
                      String encoding, int segments, String status, String templateId, String batchId,
                      String statusCallback, Instant sendAt, String errorCode, String errorMessage,
                      Instant createdAt, Instant updatedAt, List<Event> events) {

    /** One status transition. */
    public record Event(String status, Instant at, String detail) {
    }

    Message withEvents(List<Event> history) {
        return new Message(id, projectId, direction, from, to, body, encoding, segments, status, templateId, batchId,
                statusCallback, sendAt, errorCode, errorMessage, createdAt, updatedAt, history);
    }
}
