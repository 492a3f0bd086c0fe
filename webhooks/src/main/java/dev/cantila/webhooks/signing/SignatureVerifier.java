package dev.cantila.webhooks.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies a {@code Cantila-Signature} header against the raw request body (the exact bytes received, before any
 * JSON parsing) and the receiver's secrets. Any {@code v1=} may match any secret, so verification keeps working
 * while a secret is rotated. Signatures are compared in constant time. A timestamp further than the tolerance
 * (default 300 s) from the receiver's clock, past or future, is rejected, which bounds replays. Thread-safe.
 */
public final class SignatureVerifier {
    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

    private final Clock clock;
    private final long toleranceSeconds;

    public SignatureVerifier(Clock clock, Duration tolerance) {
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("signature tolerance must not be negative, was " + tolerance);
        }
        this.clock = clock;
        this.toleranceSeconds = tolerance.toSeconds();
    }

    public SignatureVerifier(Clock clock) {
        this(clock, DEFAULT_TOLERANCE);
    }

    /**
     * Returns normally when {@code header} carries a valid, timely signature of {@code body} by one of
     * {@code secrets}.
     *
     * @throws SignatureException naming the {@link SignatureException.Reason} otherwise
     */
    public void verify(String header, byte[] body, List<String> secrets) {
        if (header == null || header.isBlank()) {
            throw new SignatureException(SignatureException.Reason.MISSING_HEADER, "no Cantila-Signature header");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 1) {
                throw malformed("part '" + part.strip() + "' is not key=value");
            }
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            if (key.equals("t")) {
                timestamp = parseTimestamp(value);
            } else if (key.equals("v1")) {
                signatures.add(parseHex(value));
            }
        }
        if (timestamp == null) {
            throw malformed("no t= timestamp");
        }
        if (signatures.isEmpty()) {
            throw new SignatureException(SignatureException.Reason.NO_SIGNATURE, "no v1= signature in the header");
        }
        long skew = clock.instant().getEpochSecond() - timestamp;
        if (Math.abs(skew) > toleranceSeconds) {
            throw new SignatureException(SignatureException.Reason.TIMESTAMP_OUTSIDE_TOLERANCE,
                    "timestamp " + timestamp + " is " + Math.abs(skew) + " s " + (skew > 0 ? "old" : "in the future")
                            + ", tolerance is " + toleranceSeconds + " s");
        }
        boolean match = false;
        for (String secret : secrets) {
            byte[] expected = WebhookSigner.hmac(secret, timestamp, body);
            for (byte[] candidate : signatures) {
                match |= MessageDigest.isEqual(expected, candidate);
            }
        }
        if (!match) {
            throw new SignatureException(SignatureException.Reason.NO_MATCH, "none of " + signatures.size()
                    + " v1 signature(s) matches any of " + secrets.size() + " secret(s)");
        }
    }

    /** The same check as {@link #verify} for a body given as a string, encoded as UTF-8. */
    public void verify(String header, String body, List<String> secrets) {
        verify(header, body.getBytes(StandardCharsets.UTF_8), secrets);
    }

    private static long parseTimestamp(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw malformed("t='" + value + "' is not a number of seconds");
        }
    }

    /** A v1 that is not hex cannot match anything; keep it as empty bytes so the other v1 values still count. */
    private static byte[] parseHex(String value) {
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static SignatureException malformed(String why) {
        return new SignatureException(SignatureException.Reason.MALFORMED_HEADER, "malformed Cantila-Signature: " + why);
    }
}
