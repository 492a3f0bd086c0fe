package dev.cantila.scripts.scenario;

import java.time.Duration;
import java.util.Map;

/** One line of a scenario: a stimulus, or an expectation. {@code line} is where it is in the file (1-based). */
public sealed interface Step {

    int line();

    /** How the step reads in reports: {@code sms "hours"}, {@code expect reply /open/}. */
    String describe();

    record Sms(int line, String from, String to, String body) implements Step {
        public String describe() {
            return "sms from " + from + ": \"" + body + "\"";
        }
    }

    /** An inbound call from {@code remote} to {@code local}, or an outbound one the other way, with its params. */
    record Call(int line, String remote, String local, String direction, Map<String, String> params) implements Step {
        public String describe() {
            return direction.equals("inbound") ? "call from " + remote + " to " + local
                    : "outbound call from " + local + " to " + remote + (params.isEmpty() ? "" : " " + params);
        }
    }

    record Press(int line, String digits) implements Step {
        public String describe() {
            return "press " + digits;
        }
    }

    /** The caller says {@code words} (a TwiML gather with {@code input="speech"} hears them). */
    record Speak(int line, String words, double confidence) implements Step {
        public String describe() {
            return "speak \"" + words + "\"";
        }
    }

    record Advance(int line, Duration by) implements Step {
        public String describe() {
            return "advance " + by.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @param outcome answered, busy, no-answer or failed; talkSeconds: how long an answered forward lasts */
    record ForwardAnswers(int line, String outcome, long talkSeconds) implements Step {
        public String describe() {
            return "forward answers: " + outcome;
        }
    }

    /**
     * Lets the call play out: pending forwards end with {@code forwardOutcome}, the clock jumps from timer to timer
     * (up to an hour), and a call still up at the end is hung up by the caller.
     */
    record RunToEnd(int line, String forwardOutcome) implements Step {
        public String describe() {
            return "run to the end (forwards: " + forwardOutcome + ")";
        }
    }

    record Hangup(int line) implements Step {
        public String describe() {
            return "caller hangs up";
        }
    }

    /**
     * The next effect of {@code kind} must match. {@code fields} maps a field (body, to, text, level...) to a
     * {@link TextPattern}; {@code kind} "nothing" means no further effects; "kv" checks stored values.
     */
    record Expect(int line, String kind, Map<String, TextPattern> fields) implements Step {
        public String describe() {
            if (fields.isEmpty()) {
                return "expect " + kind;
            }
            if (fields.size() == 1 && fields.containsKey("")) {
                return "expect " + kind + " " + fields.get("");
            }
            return "expect " + kind + " " + fields;
        }
    }
}
