package dev.cantila.scripts.twiml;

import java.util.Set;

/**
 * Where a conference's Twilio status callbacks go ({@code <Conference statusCallback>}): the absolute URL, GET or
 * POST, and the subscribed events of {@link #EVENTS}.
 */
public record StatusCallback(String url, String method, Set<String> events) {
    /** The events this engine posts (Twilio's hold, modify, speaker and announcement never happen here). */
    public static final Set<String> EVENTS = Set.of("start", "end", "join", "leave", "mute");
    /** The longest callback URL stored. */
    public static final int MAX_URL = 2048;

    /** Sends one Twilio request; throws when the target failed, was refused or answered non-2xx. */
    @FunctionalInterface
    public interface Sender {
        void send(String projectId, String url, String method, java.util.Map<String, String> params);
    }
}
