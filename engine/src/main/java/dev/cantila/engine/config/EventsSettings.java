package dev.cantila.engine.config;

import io.helidon.config.Config;

import java.time.Duration;

/**
 * {@code cantila.events.*}: the public event stream ({@code GET /v1/projects/{id}/events/stream}).
 *
 * @param perProject  streams one project may hold open on one instance ({@code max-streams-per-project}); the next
 *                    is a 429 {@code too_many_streams}
 * @param poll        how often an open stream reads the event log ({@code poll})
 * @param heartbeat   a comment line after this long without an event ({@code heartbeat})
 * @param maxDuration a stream ends after this long and the client reconnects with Last-Event-ID
 *                    ({@code max-duration})
 */
public record EventsSettings(int perProject, Duration poll, Duration heartbeat, Duration maxDuration) {

    public static EventsSettings defaults() {
        return new EventsSettings(5, Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofMinutes(30));
    }

    static EventsSettings read(Config e) {
        EventsSettings d = defaults();
        int perProject = Settings.positive(e.get("max-streams-per-project").asInt().orElse(d.perProject()),
                "cantila.events.max-streams-per-project");
        Duration poll = atLeast(Settings.duration(e.get("poll"), d.poll(), "cantila.events.poll"),
                Duration.ofMillis(10), "cantila.events.poll");
        Duration heartbeat = atLeast(Settings.duration(e.get("heartbeat"), d.heartbeat(), "cantila.events.heartbeat"),
                Duration.ofSeconds(1), "cantila.events.heartbeat");
        Duration max = atLeast(Settings.duration(e.get("max-duration"), d.maxDuration(), "cantila.events.max-duration"),
                Duration.ofSeconds(1), "cantila.events.max-duration");
        return new EventsSettings(perProject, poll, heartbeat, max);
    }

    private static Duration atLeast(Duration value, Duration min, String key) {
        if (value.compareTo(min) < 0) {
            throw new SettingsException(key + " must be at least " + min + ", got " + value);
        }
        return value;
    }
}
