package dev.cantila.webhooks.signing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;

/** Writes {@code Cantila-Signature} header values. Stateless and thread-safe. */
public final class WebhookSigner {
    public static final String HEADER = "Cantila-Signature";

    private WebhookSigner() {
    }

    /**
     * The header value for {@code body} sent at {@code unixSeconds}, with one {@code v1=} per secret, in the order
     * given (newest secret first by convention).
     *
     * @throws IllegalArgumentException when {@code secrets} is empty: an unsigned delivery is never sent
     */
    public static String header(long unixSeconds, byte[] body, List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no active signing secret: refusing to send an unsigned webhook");
        }
        StringBuilder out = new StringBuilder("t=").append(unixSeconds);
        for (String secret : secrets) {
            out.append(",v1=").append(HexFormat.of().formatHex(hmac(secret, unixSeconds, body)));
        }
        return out.toString();
    }

    /** HMAC-SHA256 over {@code t + "." + body} keyed with the secret's UTF-8 bytes. */
    static byte[] hmac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
