package dev.cantila.scripts.twiml;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which voice TwiML this engine runs: every verb with the attributes it honours, those it accepts without acting on
 * them (named in the execution log, so an app runs unmodified and its author sees what was not done), and the
 * verbs it refuses with the reason. A document is checked whole before its first verb runs, as Twilio's parser
 * does: an unknown verb, noun or attribute anywhere is an application error, never a silent skip.
 */
final class TwimlVoiceRules {
    /** Honoured attributes of each verb. */
    private static final Map<String, Set<String>> HONOURED = Map.of(
            "Say", Set.of("voice", "loop"),
            "Play", Set.of("loop"),
            "Pause", Set.of("length"),
            "Gather", Set.of("input", "action", "method", "timeout", "finishOnKey", "numDigits", "actionOnEmptyResult"),
            "Dial", Set.of("action", "method", "timeout", "callerId", "record", "timeLimit",
                    "hangupOnStar"),
            "Record", Set.of("action", "method", "maxLength", "playBeep", "recordingStatusCallback",
                    "recordingStatusCallbackMethod"),
            "Hangup", Set.of(),
            "Reject", Set.of("reason"),
            "Redirect", Set.of("method"));
    /** Documented attributes accepted but not acted on (the log's {@code ignored} says so at run time). */
    static final Map<String, Set<String>> IGNORED = Map.of(
            "Gather", Set.of("speechTimeout", "hints", "language", "speechModel", "enhanced", "profanityFilter",
                    "partialResultCallback", "partialResultCallbackMethod", "bargeIn", "debug"),
            "Say", Set.of("language"),
            "Dial", Set.of("answerOnBridge", "ringTone", "trim", "recordingStatusCallback",
                    "recordingStatusCallbackMethod", "recordingStatusCallbackEvent", "recordingTrack", "sequential"),
            "Record", Set.of("timeout", "finishOnKey", "trim", "transcribe", "transcribeCallback",
                    "recordingStatusCallbackEvent"),
            "Number", Set.of("statusCallback", "statusCallbackEvent",
                    "statusCallbackMethod"),
            "Conference", Set.of("waitMethod",
                    "record", "region", "trim", "coach", "participantLabel", "jitterBufferSize", "eventCallbackUrl",
                    "recordingStatusCallback", "recordingStatusCallbackMethod", "recordingStatusCallbackEvent"));
    /** Honoured attributes of {@code <Dial><Conference>}. */
    private static final Set<String> CONFERENCE = Set.of("startConferenceOnEnter", "endConferenceOnExit", "muted",
            "beep", "waitUrl", "maxParticipants", "statusCallback", "statusCallbackEvent", "statusCallbackMethod");
    /** Twilio's conference status callback events; hold, modify, speaker and announcement never happen here. */
    private static final Set<String> CALLBACK_EVENTS = Set.of("start", "end", "join", "leave", "mute", "hold",
            "modify", "speaker", "announcement");
    /** Verbs refused, with why. */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("Enqueue", "Cantila has no call queues; use <Dial> to a number or a hunt group"),
            Map.entry("Leave", "Cantila has no call queues"),
            Map.entry("Connect", "media streams and virtual agents are not supported"),
            Map.entry("Start", "media streams and real-time transcription are not supported"),
            Map.entry("Stop", "media streams are not supported"),
            Map.entry("Refer", "SIP REFER is not supported"),
            Map.entry("Pay", "payments are not supported"),
            Map.entry("Prompt", "payments are not supported"),
            Map.entry("Echo", "Echo is not supported"),
            Map.entry("Message", "sending SMS from a voice document is not supported; send it from your app"),
            Map.entry("Sms", "the deprecated <Sms> verb is not supported"));
    private static final Set<String> GATHER_NOUNS = Set.of("Say", "Play", "Pause");

    private TwimlVoiceRules() {
    }

    static void check(List<Twiml.Verb> verbs) {
        for (Twiml.Verb v : verbs) {
            verb(v);
        }
    }

    private static void verb(Twiml.Verb v) {
        String refused = REFUSED.get(v.name());
        if (refused != null) {
            throw new TwimlException("<" + v.name() + "> is refused: " + refused);
        }
        Set<String> honoured = HONOURED.get(v.name());
        if (honoured == null) {
            throw new TwimlException("<" + v.name() + "> is not a voice TwiML verb");
        }
        attributes(v, honoured);
        switch (v.name()) {
            case "Say" -> {
                TwimlRules.integer(v, "loop", 1, 1000);
                noNouns(v);
            }
            case "Play" -> {
                TwimlRules.integer(v, "loop", 1, 1000);
                noNouns(v);
                if (v.text().isEmpty()) {
                    throw new TwimlException("<Play> needs an audio URL as its text (digits are not supported)");
                }
            }
            case "Pause" -> {
                TwimlRules.integer(v, "length", 1, 600);
                noNouns(v);
            }
            case "Gather" -> gather(v);
            case "Dial" -> dial(v);
            case "Record" -> {
                TwimlRules.integer(v, "maxLength", 3600, 14_400);
                TwimlRules.bool(v, "playBeep", true);
                TwimlRules.method(v);
                noNouns(v);
            }
            case "Reject" -> {
                String reason = v.attr("reason", "rejected");
                if (!reason.equals("rejected") && !reason.equals("busy")) {
                    throw new TwimlException("<Reject reason=\"" + reason + "\">: reason must be rejected or busy");
                }
            }
            case "Redirect" -> {
                TwimlRules.method(v);
                if (v.text().isEmpty()) {
                    throw new TwimlException("<Redirect> needs a URL as its text");
                }
            }
            default -> noNouns(v);
        }
    }

    private static void gather(Twiml.Verb v) {
        TwimlRules.integer(v, "timeout", 5, 600);
        TwimlRules.integer(v, "numDigits", 0, 64);
        TwimlRules.bool(v, "actionOnEmptyResult", false);
        TwimlRules.method(v);
        String input = v.attr("input", "dtmf");
        for (String i : input.split("\\s+")) {
            if (!i.equals("dtmf") && !i.equals("speech")) {
                throw new TwimlException("<Gather input=\"" + input + "\">: input must be dtmf, speech or both");
            }
        }
        String finish = v.attr("finishOnKey", "#");
        if (finish.length() > 1 || (finish.length() == 1 && "0123456789*#".indexOf(finish.charAt(0)) < 0)) {
            throw new TwimlException("<Gather finishOnKey=\"" + finish + "\">: one of 0-9, * or #, or empty");
        }
        for (Twiml.Verb n : v.children()) {
            if (!GATHER_NOUNS.contains(n.name())) {
                throw new TwimlException("<" + n.name() + "> cannot be nested in <Gather> (Say, Play and Pause can)");
            }
            verb(n);
        }
    }

    private static void dial(Twiml.Verb v) {
        TwimlRules.integer(v, "timeout", 30, 600);
        if (TwimlRules.integer(v, "timeLimit", TwimlCall.DEFAULT_TIME_LIMIT, 86_400) < 1) {
            throw new TwimlException("<Dial timeLimit> must be at least 1 second");
        }
        if (!Set.of("true", "false").contains(v.attr("hangupOnStar", "false"))) {
            throw new TwimlException("<Dial hangupOnStar> is true or false");
        }
        TwimlRules.method(v);
        String record = v.attr("record", "do-not-record");
        if (!Set.of("do-not-record", "record-from-answer", "record-from-ringing", "record-from-answer-dual",
                "record-from-ringing-dual", "true", "false").contains(record)) {
            throw new TwimlException("<Dial record=\"" + record + "\"> is not a documented value");
        }
        if (v.children().isEmpty() && v.text().isEmpty()) {
            throw new TwimlException("<Dial> needs a number (its text or <Number>)");
        }
        if (!v.children().isEmpty() && !v.text().isEmpty()) {
            throw new TwimlException("<Dial> has both text and nouns");
        }
        for (Twiml.Verb n : v.children()) {
            switch (n.name()) {
                case "Number" -> {
                    attributes(n, Set.of("url", "method", "sendDigits"));
                    String digits = n.attributes().get("sendDigits");
                    if (digits != null && !digits.matches("[0-9*#w]{1,32}")) {
                        throw new TwimlException("<Number sendDigits=\"" + digits + "\"> may only have 0-9, *, # and w"
                                + " (half a second's pause), at most 32");
                    }
                    TwimlRules.method(n);
                    noNouns(n);
                    if (n.text().isEmpty()) {
                        throw new TwimlException("<Number> needs a phone number as its text");
                    }
                }
                case "Conference" -> conference(v, n);
                case "Client", "Sip", "Queue", "Sim", "Application" -> throw new TwimlException(
                        "<Dial><" + n.name() + "> is not supported: Cantila dials phone numbers");
                default -> throw new TwimlException("<" + n.name() + "> is not a noun of <Dial>");
            }
        }
    }

    /** Verbs a whisper ({@code <Number url>}) may run on the called party's leg before it is connected. */
    private static final Set<String> WHISPER = Set.of("Say", "Play", "Pause", "Gather", "Hangup", "Redirect");

    /** A whisper's document: only what talks to the called party, hangs it up, or asks again. */
    static void checkWhisper(List<Twiml.Verb> verbs) {
        for (Twiml.Verb v : verbs) {
            if (!WHISPER.contains(v.name())) {
                throw new TwimlException("<" + v.name() + "> cannot run in a whisper (<Number url>): the called party"
                        + " is not connected yet; use Say, Play, Pause, Gather, Hangup or Redirect");
            }
        }
    }

    private static void conference(Twiml.Verb dial, Twiml.Verb n) {
        if (dial.children().size() > 1) {
            throw new TwimlException("<Dial><Conference> must be the only noun of its <Dial>");
        }
        attributes(n, CONFERENCE);
        noNouns(n);
        if (n.text().isEmpty() || n.text().length() > 128 || n.text().indexOf('/') >= 0) {
            throw new TwimlException("<Conference> needs a room name of 1-128 characters (no '/') as its text");
        }
        TwimlRules.bool(n, "startConferenceOnEnter", true);
        TwimlRules.bool(n, "endConferenceOnExit", false);
        TwimlRules.bool(n, "muted", false);
        if (TwimlRules.integer(n, "maxParticipants", 250, 250) < 2) {
            throw new TwimlException("<Conference maxParticipants> must be 2-250");
        }
        for (String e : n.attr("statusCallbackEvent", "start end").trim().split("\\s+")) {
            if (!CALLBACK_EVENTS.contains(e)) {
                throw new TwimlException("<Conference statusCallbackEvent>: '" + e + "' is not one of "
                        + "start end join leave mute hold modify speaker announcement");
            }
        }
        String m = n.attr("statusCallbackMethod", "POST");
        if (!m.equalsIgnoreCase("POST") && !m.equalsIgnoreCase("GET")) {
            throw new TwimlException("<Conference statusCallbackMethod=\"" + m + "\">: GET or POST");
        }
        if (n.attr("statusCallback", "").length() > dev.cantila.scripts.twiml.StatusCallback.MAX_URL) {
            throw new TwimlException("<Conference statusCallback> is longer than "
                    + dev.cantila.scripts.twiml.StatusCallback.MAX_URL + " characters");
        }
        String beep = n.attr("beep", "true");
        if (!Set.of("true", "false", "onEnter", "onExit").contains(beep)) {
            throw new TwimlException("<Conference beep=\"" + beep + "\">: true, false, onEnter or onExit");
        }
    }

    private static void attributes(Twiml.Verb v, Set<String> honoured) {
        Set<String> ignored = IGNORED.getOrDefault(v.name(), Set.of());
        for (String a : v.attributes().keySet()) {
            if (!honoured.contains(a) && !ignored.contains(a)) {
                throw new TwimlException("<" + v.name() + "> has no attribute '" + a + "'");
            }
        }
    }

    private static void noNouns(Twiml.Verb v) {
        if (!v.children().isEmpty()) {
            throw new TwimlException("<" + v.name() + "> cannot contain <" + v.children().getFirst().name() + ">");
        }
    }

    /** The attributes of {@code v} this engine accepted but will not act on. */
    static List<String> ignored(Twiml.Verb v) {
        Set<String> ignored = IGNORED.getOrDefault(v.name(), Set.of());
        return v.attributes().keySet().stream().filter(ignored::contains).sorted().toList();
    }
}
