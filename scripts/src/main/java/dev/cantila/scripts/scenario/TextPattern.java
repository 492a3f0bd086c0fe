package dev.cantila.scripts.scenario;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What an expectation accepts: {@code /regex/flags} (found anywhere; flag {@code i} ignores case), or plain text,
 * which must appear in the actual text. Phone numbers are plain text and so must appear whole.
 */
public final class TextPattern {
    private final String source;
    private final Pattern regex;

    private TextPattern(String source, Pattern regex) {
        this.source = source;
        this.regex = regex;
    }

    /** @throws IllegalArgumentException naming the problem when a {@code /regex/} does not compile */
    public static TextPattern of(String text) {
        if (text.length() >= 2 && text.startsWith("/") && text.lastIndexOf('/') > 0) {
            int end = text.lastIndexOf('/');
            String flags = text.substring(end + 1);
            if (flags.chars().allMatch(c -> c == 'i')) {
                try {
                    return new TextPattern(text, Pattern.compile(text.substring(1, end),
                            flags.isEmpty() ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("bad regular expression " + text + ": " + e.getDescription());
                }
            }
        }
        return new TextPattern(text, null);
    }

    /** A kv expectation: the stored JSON text must equal the expected value exactly. */
    public static TextPattern exact(String json) {
        return new TextPattern(json, null);
    }

    public boolean matchesExactly(String actual) {
        return source.equals(actual);
    }

    public String source() {
        return source;
    }

    public boolean matches(String actual) {
        if (actual == null) {
            return false;
        }
        return regex != null ? regex.matcher(actual).find() : actual.contains(source);
    }

    @Override
    public String toString() {
        return regex != null ? source : '"' + source + '"';
    }
}
