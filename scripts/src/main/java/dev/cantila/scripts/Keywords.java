package dev.cantila.scripts;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The carrier-mandated SMS keywords (CTIA): a message that is exactly one of these words — trimmed, any case —
 * opts the sender out, back in, or asks for help. Longer messages that merely contain the word are not keywords.
 */
public enum Keywords {
    OPT_OUT, OPT_IN, HELP;

    private static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
            "OPTOUT");
    private static final Set<String> START = Set.of("START", "YES", "UNSTOP");
    private static final Set<String> INFO = Set.of("HELP", "INFO");

    /** The HELP answer when the project has no help text of its own. */
    public static final String DEFAULT_HELP = "Reply STOP to unsubscribe. Msg&data rates may apply.";

    /** The confirmation the sender gets, from the project's name and help text (null or blank: the default). */
    public String reply(String projectName, String helpText) {
        return switch (this) {
            case OPT_OUT -> "You are unsubscribed from " + projectName + " and will receive no further messages."
                    + " Reply START to resubscribe.";
            case OPT_IN -> "You are resubscribed to " + projectName + ". Reply STOP to unsubscribe, HELP for help.";
            case HELP -> projectName + ": " + (helpText == null || helpText.isBlank() ? DEFAULT_HELP : helpText);
        };
    }

    public static Optional<Keywords> of(String body) {
        String word = body == null ? "" : body.strip().toUpperCase(Locale.ROOT);
        if (STOP.contains(word)) {
            return Optional.of(OPT_OUT);
        }
        if (START.contains(word)) {
            return Optional.of(OPT_IN);
        }
        return INFO.contains(word) ? Optional.of(HELP) : Optional.empty();
    }
}
