package dev.cantila.runtime.host;

import java.util.List;
import java.util.Objects;

/**
 * An inbound SMS as a handler sees it. Exposed to JS as a frozen plain object
 * {@code {id, from, to, body, threadId, receivedAt, media}} (media: frozen array of URLs, usually empty).
 *
 * @param receivedAt ISO-8601 instant, passed through as text
 */
public record SmsEvent(String id, String from, String to, String body, String threadId, String receivedAt,
                       List<String> media) {
    public SmsEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
        media = media == null ? List.of() : List.copyOf(media);
    }
}
