package dev.cantila.scripts.twiml;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** How TwiML names its next document: a method (POST unless GET) and URLs relative to the current document. */
public final class TwimlUrls {
    private TwimlUrls() {
    }

    /** A URL route's or verb's method: POST unless GET was chosen. */
    public static String method(String method) {
        return method == null ? "POST" : method.toUpperCase(Locale.ROOT);
    }

    /** {@code target} resolved against {@code base} as a browser would ({@code "handle"}, {@code "/ivr/next"}). */
    public static String resolve(String base, String target) {
        try {
            return new URI(base).resolve(target.strip()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new TwimlException("'" + target + "' is not a URL relative to " + base);
        }
    }
}
