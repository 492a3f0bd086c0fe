package dev.cantila.webhooks.outbound;

import java.nio.charset.StandardCharsets;

/**
 * What a log may keep of a target's response body: at most {@link #MAX_CHARS} characters, control and format
 * characters (CR, LF, ESC, NUL, bidi overrides…) replaced by a space, runs of white space collapsed, and an
 * ellipsis when cut. Delivery attempts and URL-routing execution logs store only this, never the body.
 */
public final class Excerpt {
    public static final int MAX_CHARS = 256;

    private Excerpt() {
    }

    /** The excerpt of UTF-8 {@code body} (malformed bytes become U+FFFD); empty for an empty body. */
    public static String of(byte[] body) {
        return of(new String(body, 0, Math.min(body.length, MAX_CHARS * 4), StandardCharsets.UTF_8));
    }

    public static String of(String text) {
        StringBuilder out = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (blank(c)) {
                space = out.length() > 0;
                continue;
            }
            int needed = (space ? 1 : 0) + Character.charCount(c);
            if (out.length() + needed > MAX_CHARS - 1) {
                return out.append('…').toString();
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(c);
        }
        return out.toString();
    }

    private static boolean blank(int c) {
        int type = Character.getType(c);
        return Character.isWhitespace(c) || Character.isISOControl(c) || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE || type == Character.SURROGATE;
    }
}
