package dev.cantila.engine.voice;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A call as the API shows it. {@code durationSeconds} is the answered time (0 for a call never answered; up to now
 * for a live one). {@code events} (the timeline) and {@code recordings} are filled only for a single call.
 *
 * @param direction inbound or outbound
 * @param route     what handled it: script, url, forward, voicemail, or null (no route)
 * @param cause     the hangup cause once ended (FreeSWITCH names: NORMAL_CLEARING, USER_BUSY, ...)
 */
public record Call(String id, String projectId, String direction, String from, String to, String status, String route,
                   String cause, Instant createdAt, Instant answeredAt, Instant endedAt, long durationSeconds,
                   List<Event> events, List<Recording> recordings, Map<String, String> params) {

    /** One timeline entry: a status change ({@code type = status}) or something the call did. */
    public record Event(String type, String status, Instant occurredAt, String detail) {
    }

    /** A recording of the call ({@code record} or a recorded forward). */
    /** @param audioUrl where the audio is downloaded ({@code GET}, audio/wav) */
    public record Recording(String id, String kind, long durationMs, Instant createdAt, String audioUrl) {
    }

    public Call with(List<Event> timeline, List<Recording> recorded) {
        return new Call(id, projectId, direction, from, to, status, route, cause, createdAt, answeredAt, endedAt,
                durationSeconds, timeline, recorded, params);
    }
}
