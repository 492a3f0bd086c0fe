package dev.cantila.webhooks.storage;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Prefixed, time-ordered ids ({@code whk_}, {@code evt_}, {@code dlv_}, {@code att_}): 48 bits of epoch
 * milliseconds then 80 random bits, 26 characters of Crockford base32, so ids of one prefix sort by creation time
 * and cursor paging can use {@code id < ?}. Also makes signing secrets ({@code whsec_} + 32 random base32
 * characters, 160 bits). Thread-safe.
 */
public final class Ids {
    private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    public Ids(Clock clock) {
        this.clock = clock;
    }

    public String next(String prefix) {
        StringBuilder out = new StringBuilder(prefix.length() + 27).append(prefix).append('_');
        appendBase32(out, clock.millis() & 0xFFFF_FFFF_FFFFL, 10);
        appendBase32(out, RANDOM.nextLong() >>> 24, 8);
        appendBase32(out, RANDOM.nextLong() >>> 24, 8);
        return out.toString();
    }

    /** A new signing secret, {@code whsec_} followed by 32 random base32 characters. */
    public static String secret() {
        StringBuilder out = new StringBuilder("whsec_");
        for (int i = 0; i < 32; i++) {
            out.append(BASE32[RANDOM.nextInt(32)]);
        }
        return out.toString();
    }

    /** Appends the low {@code 5 * chars} bits of {@code value}, most significant first. */
    private static void appendBase32(StringBuilder out, long value, int chars) {
        for (int shift = 5 * (chars - 1); shift >= 0; shift -= 5) {
            out.append(BASE32[(int) ((value >>> shift) & 31)]);
        }
    }
}
