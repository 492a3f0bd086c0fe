package dev.cantila.engine.sms;

import java.util.Objects;

/**
 * How many SMS segments a body costs, exactly as a carrier bills it (3GPP TS 23.038, GSM 03.38). Pure and
 * thread-safe.
 *
 * <p>A body that fits the GSM 7-bit default alphabet is sent as GSM-7: the basic table costs one septet per
 * character, the extension table ({@code ^ { } \ [ ~ ] | €} and form feed) two (escape + character). One
 * segment carries 160 septets; a concatenated message carries 153 per segment (the rest is the user-data
 * header), and an escape pair is never split, so a segment may end one septet short.
 *
 * <p>A single character outside that alphabet (an emoji, a curly quote) makes the whole body UCS-2: 70 UTF-16
 * code units in one segment, 67 per segment when concatenated, and a surrogate pair is never split.
 *
 * <p>The empty body is GSM-7, 0 units, 1 segment; the send path rejects empty bodies before it gets here.
 */
public final class Segments {
    public static final String GSM_7 = "GSM-7";
    public static final String UCS_2 = "UCS-2";

    static final int GSM_SINGLE = 160;
    static final int GSM_MULTI = 153;
    static final int UCS_SINGLE = 70;
    static final int UCS_MULTI = 67;

    /** GSM 03.38 basic character set, one septet each (the escape code 0x1B itself is not a character). */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** GSM 03.38 extension table, two septets each (escape + character). */
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private Segments() {
    }

    /**
     * @param encoding {@link #GSM_7} or {@link #UCS_2}
     * @param units    septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2
     */
    public record Result(String encoding, int segments, int units) {
    }

    public static Result of(String body) {
        Objects.requireNonNull(body, "body");
        int[] costs = gsmCosts(body);
        if (costs != null) {
            return pack(GSM_7, costs, GSM_SINGLE, GSM_MULTI);
        }
        return pack(UCS_2, body.codePoints().map(Character::charCount).toArray(), UCS_SINGLE, UCS_MULTI);
    }

    /** Septets per character, or null when some character is outside GSM-7. */
    private static int[] gsmCosts(String body) {
        int[] costs = new int[body.length()];
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (BASIC.indexOf(c) >= 0) {
                costs[i] = 1;
            } else if (EXTENSION.indexOf(c) >= 0) {
                costs[i] = 2;
            } else {
                return null;
            }
        }
        return costs;
    }

    /**
     * Fills segments in order with indivisible items of the given costs: everything in one segment if the total
     * fits {@code single}, else {@code multi} per segment, an item that does not fit starting the next segment.
     */
    private static Result pack(String encoding, int[] costs, int single, int multi) {
        int total = 0;
        for (int cost : costs) {
            total += cost;
        }
        if (total <= single) {
            return new Result(encoding, 1, total);
        }
        int segments = 1;
        int used = 0;
        for (int cost : costs) {
            if (used + cost > multi) {
                segments++;
                used = 0;
            }
            used += cost;
        }
        return new Result(encoding, segments, total);
    }
}
