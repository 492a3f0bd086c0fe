package dev.cantila.scripts.twiml;

import java.util.Set;

/** Checks shared by messaging and voice TwiML: known attributes, methods, numbers. */
final class TwimlRules {
    private TwimlRules() {
    }

    static void attributes(Twiml.Verb v, Set<String> known) {
        for (String a : v.attributes().keySet()) {
            if (!known.contains(a)) {
                throw new TwimlException("<" + v.name() + "> has no attribute '" + a + "'"
                        + (known.isEmpty() ? "" : " (known: " + known.stream().sorted().toList() + ")"));
            }
        }
    }

    static void method(Twiml.Verb v) {
        String m = v.attr("method", "POST");
        if (!m.equalsIgnoreCase("POST") && !m.equalsIgnoreCase("GET")) {
            throw new TwimlException("<" + v.name() + " method=\"" + m + "\">: method must be GET or POST");
        }
    }

    /** A non-negative integer attribute, or {@code dflt} when absent. */
    static int integer(Twiml.Verb v, String name, int dflt, int max) {
        String raw = v.attributes().get(name);
        if (raw == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n < 0 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TwimlException("<" + v.name() + " " + name + "=\"" + raw + "\">: must be a whole number from 0 to "
                    + max);
        }
    }

    static boolean bool(Twiml.Verb v, String name, boolean dflt) {
        String raw = v.attributes().get(name);
        if (raw == null) {
            return dflt;
        }
        return switch (raw.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new TwimlException("<" + v.name() + " " + name + "=\"" + raw + "\">: must be true or false");
        };
    }
}
