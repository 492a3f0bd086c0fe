package dev.cantila.scripts.world;

import java.util.Map;

/**
 * One thing that happened, in order: {@code reply}, {@code forward}, {@code send}, {@code log}, {@code error},
 * {@code otp} (a one-time code sent: text the number, field {@code otp} the code) and {@code verify} (a check: text
 * the status);
 * for calls {@code say}, {@code play}, {@code pause}, {@code gather}, {@code digits}, {@code forward},
 * {@code voicemail}, {@code record}, {@code hangup}, {@code reject}, {@code ended}; for Twilio Functions projects
 * {@code function} (a function ran: text its path, fields its file and every {@code event} parameter) and {@code call}
 * ({@code client.calls.create}: text the number called, fields from, url or twiml, id).
 *
 * @param text   the main text an expectation matches without naming a field (a reply's body, a forward's number,
 *               a spoken prompt, a log line)
 * @param fields everything else by name (to, from, body, level, location, code...)
 * @param atMillis the fake clock when it happened, relative to the scenario's start
 */
public record Effect(String kind, String text, Map<String, String> fields, long atMillis) {
    public Effect {
        fields = Map.copyOf(fields);
    }

    public String field(String name) {
        return name.isEmpty() ? text : fields.get(name);
    }

    /** A function's input worth showing in a transcript: what the caller did and how the last verb ended. */
    private String inputs() {
        StringBuilder b = new StringBuilder();
        for (String k : java.util.List.of("Body", "Digits", "SpeechResult", "DialCallStatus", "RecordingUrl")) {
            if (fields.containsKey(k)) {
                b.append(b.isEmpty() ? " " : ", ").append(k).append('=').append('"').append(fields.get(k)).append('"');
            }
        }
        return b.toString();
    }

    /** One line for transcripts: {@code reply → +1415…: "We are open"}. */
    public String render() {
        String to = fields.get("to");
        return switch (kind) {
            case "reply", "send" -> kind + " → " + to + ": \"" + text + "\"" + (fields.containsKey("code")
                    ? "  (refused: " + fields.get("code") + ")" : "");
            case "forward" -> "forward → " + text + (fields.containsKey("body") ? ": \"" + fields.get("body") + "\"" : "")
                    + (fields.containsKey("outcome") ? "  (" + fields.get("outcome") + ")" : "");
            case "log" -> "log " + fields.getOrDefault("level", "info") + ": " + text;
            case "error" -> fields.containsKey("callEnded") ? "the handler got CallEnded (the call was over)"
                    : "error (" + fields.getOrDefault("outcome", "") + ") at " + fields.getOrDefault("location", "?")
                    + ": " + text;
            case "ended" -> "call ended by the " + text;
            case "voicemail", "record" -> fields.containsKey("stored")
                    ? kind + " stored: " + fields.get("seconds") + " s (" + fields.get("id") + ")"
                    : kind + " recording (max " + fields.get("maxSeconds") + " s"
                    + ("true".equals(fields.get("beep")) ? ", after a beep" : "") + ")";
            case "otp" -> fields.containsKey("code") ? "otp to " + text + "  (refused: " + fields.get("code") + ")"
                    : "otp sent to " + text + " by " + fields.get("channel") + ": " + fields.get("otp")
                    + " (" + fields.get("id") + ", send " + fields.get("sends") + ")";
            case "verify" -> fields.containsKey("code") ? "verify " + fields.get("to") + "  (refused: "
                    + fields.get("code") + ")" : "verify " + fields.get("to") + ": " + text + ", "
                    + fields.get("checksLeft") + " checks left";
            case "function" -> "function " + text + " (" + fields.get("file") + ")" + inputs();
            case "call" -> "call → " + text + " from " + fields.get("from") + ": " + fields.getOrDefault("url",
                    fields.get("twiml"));
            case "digits" -> "gathered \"" + text + "\"";
            case "gather" -> "gather (waiting for digits)";
            case "say" -> "say \"" + text + "\"";
            default -> kind + (text == null || text.isEmpty() ? "" : " " + text);
        };
    }
}
