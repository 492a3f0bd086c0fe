package dev.cantila.engine.twilio;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code X-Twilio-Signature} as Twilio documents it: Base64(HMAC-SHA1(auth token, the full URL as requested
 * (scheme, host, port if any, path, query) followed, for a form POST, by every parameter sorted by name, each name
 * immediately followed by its value)). A GET carries its parameters in the URL's query and appends nothing.
 * Parameters are sorted by name in code-unit order (Java's {@link String#compareTo}, which for the ASCII names
 * Twilio uses is byte order); a repeated name is sorted by its values.
 */
public final class TwilioSignature {
    public static final String HEADER = "X-Twilio-Signature";

    private TwilioSignature() {
    }

    /** The signature of a request to {@code url} whose form body carries {@code params} (empty for a GET). */
    public static String sign(String authToken, String url, List<Map.Entry<String, String>> params) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(params);
        sorted.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        StringBuilder data = new StringBuilder(url);
        sorted.forEach(p -> data.append(p.getKey()).append(p.getValue()));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }

    /** Whether {@code signature} is the signature of that request, compared in constant time. */
    public static boolean valid(String authToken, String url, List<Map.Entry<String, String>> params, String signature) {
        return signature != null && MessageDigest.isEqual(sign(authToken, url, params).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }
}
