package dev.cantila.engine.conference;

/**
 * {@code POST …/voice/conferences/:name/participants}: a call placed to {@code to} that joins the conference once
 * answered (Twilio's Participants create; the conference is opened when the name has no live one).
 *
 * @param timeoutSeconds how long {@code to} rings (5-600, Twilio's default 30)
 */
public record DialIn(String to, String from, boolean startOnEnter, boolean endOnExit, boolean muted, boolean beep,
                     int timeoutSeconds) {
    /** Places the call; implemented by the voice domain (the outbound path of {@code POST …/voice/calls}). */
    @FunctionalInterface
    public interface Dialer {
        /**
         * @return the new call (its id, its status: queued)
         * @throws dev.cantila.engine.core.ApiException from not held (422), to not a number (400, field to)
         */
        Placed place(String projectId, String name, DialIn dial);
    }

    /** The call placed, as the API answers it (201). */
    public record Placed(String callId, String conference, String from, String to, String status,
                         boolean startOnEnter, boolean endOnExit, boolean muted, boolean beep, int timeoutSeconds) {
    }
}
