package dev.cantila.engine.core;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Prefixed, time-ordered identifiers ({@code msg_01jh…}): 48 bits of milliseconds then 80 random bits in
 * Crockford base32, so that ids of one prefix sort by creation time and cursor paging can use {@code id < ?}.
 * Ids from one instance (the App shares one) are strictly increasing: in the same millisecond (or if the clock steps back) the random
 * part is incremented instead of redrawn, so a reply made just after a message sorts after it.
 * Ids are made in Java, never by the database, so H2 and PostgreSQL behave the same.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final long FORTY_BITS = (1L << 40) - 1;
    private long lastMillis;
    private long lastHi;
    private long lastLo;

    private final Clock clock;

    public Ids(Clock clock) {
        this.clock = clock;
    }

    public String next(String prefix) {
        long millis;
        long hi;
        long lo;
        synchronized (this) {
            millis = clock.millis();
            if (millis <= lastMillis) {
                millis = lastMillis;
                lo = (lastLo + 1) & FORTY_BITS;
                hi = lo == 0 ? (lastHi + 1) & FORTY_BITS : lastHi;
            } else {
                byte[] random = new byte[10];
                RANDOM.nextBytes(random);
                hi = 0;
                lo = 0;
                for (int i = 0; i < 5; i++) {
                    hi = (hi << 8) | (random[i] & 0xff);
                    lo = (lo << 8) | (random[i + 5] & 0xff);
                }
            }
            lastMillis = millis;
            lastHi = hi;
            lastLo = lo;
        }
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return prefix + "_" + new String(out);
    }

    /** A random secret of {@code length} base32 characters (5 bits each) for API keys and the like. */
    public static String secret(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(32)];
        }
        return new String(out);
    }
}
