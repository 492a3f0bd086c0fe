package dev.cantila.engine.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Strong entity tags of JSON answers and the {@code If-None-Match} comparison (RFC 9110 §13.1.2). */
final class ETags {
    private ETags() {
    }

    /** {@code "<32 hex digits>"}: the first 128 bits of the SHA-256 of the body. */
    static String of(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + HexFormat.of().formatHex(hash, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    /**
     * Whether {@code ifNoneMatch} (a comma-separated list of tags, weak ones compared weakly as GET allows, or
     * {@code *}) names {@code tag}.
     */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals(tag) || (c.startsWith("W/") && c.substring(2).equals(tag))) {
                return true;
            }
        }
        return false;
    }

}
