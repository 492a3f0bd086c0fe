package dev.cantila.engine.otp;

import java.security.SecureRandom;

/** Codes: decimal digits from {@link SecureRandom}, each uniform. */
final class Codes {
    static final int MIN_LENGTH = 4;
    static final int MAX_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Codes() {
    }

    static String generate(int length) {
        char[] digits = new char[length];
        for (int i = 0; i < length; i++) {
            digits[i] = (char) ('0' + RANDOM.nextInt(10));
        }
        return new String(digits);
    }

    static boolean wellFormed(String code) {
        return code != null && code.length() >= MIN_LENGTH && code.length() <= MAX_LENGTH
                && code.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
