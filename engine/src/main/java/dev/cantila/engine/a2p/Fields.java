package dev.cantila.engine.a2p;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Urls;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.webhooks.outbound.TargetPolicy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks shared by the A2P requests; each failure is a 400 naming the field (with its path, e.g. {@code address.city}). */
final class Fields {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9]+");

    /** The use cases of campaigns and toll-free verifications. */
    static final List<String> USE_CASES = List.of("2FA", "ACCOUNT_NOTIFICATION", "CUSTOMER_CARE",
            "DELIVERY_NOTIFICATION", "FRAUD_ALERT", "HIGHER_EDUCATION", "LOW_VOLUME", "MARKETING", "MIXED",
            "POLLING_VOTING", "PUBLIC_SERVICE_ANNOUNCEMENT", "SECURITY_ALERT");

    private Fields() {
    }

    /** Required text of {@code min}–{@code max} characters, stripped. */
    static String text(JsonRequest body, String field, int min, int max) {
        return length(body.name(field), body.string(field, max).strip(), min, max);
    }

    /** Optional text of {@code min}–{@code max} characters, stripped; null when absent. */
    static String optText(JsonRequest body, String field, int min, int max) {
        String v = body.optString(field, max);
        return v == null ? null : length(body.name(field), v.strip(), min, max);
    }

    static String length(String field, String v, int min, int max) {
        int n = v.codePointCount(0, v.length());
        if (n < min || n > max) {
            throw ApiException.invalid(field, field + " must be " + min + "-" + max + " characters, got " + n);
        }
        return v;
    }

    /** One of {@code allowed}, as given (upper case expected). */
    static String oneOf(JsonRequest body, String field, Set<String> allowed, boolean required) {
        String v = required ? body.string(field, 64) : body.optString(field, 64);
        if (v == null) {
            return null;
        }
        String up = v.strip().toUpperCase(Locale.ROOT);
        if (!allowed.contains(up)) {
            throw ApiException.invalid(body.name(field), body.name(field) + " must be one of "
                    + String.join(", ", new java.util.TreeSet<>(allowed)) + ", got '" + v + "'");
        }
        return up;
    }

    static String email(JsonRequest body, String field) {
        String v = body.string(field, dev.cantila.engine.http.Limits.EMAIL).strip();
        if (!EMAIL.matcher(v).matches()) {
            throw ApiException.invalid(body.name(field), body.name(field) + " must be an email address, got '" + v + "'");
        }
        return v.toLowerCase(Locale.ROOT);
    }

    static String phone(JsonRequest body, String field) {
        return PhoneNumbers.toE164(body.string(field, dev.cantila.engine.http.Limits.PHONE), "US", body.name(field));
    }

    /** An http(s) URL the reviewer would look at (never fetched by Cantila; checked by the same target policy). */
    static String url(String v, String field, TargetPolicy targets) {
        return Urls.http(v.strip(), field, targets);
    }

    static boolean bool(JsonRequest body, String field, Boolean dflt) {
        Boolean v = body.optBool(field);
        if (v == null && dflt == null) {
            throw ApiException.invalid(body.name(field), body.name(field) + " is required (true or false)");
        }
        return v == null ? dflt : v;
    }

    /** Keywords: alphanumeric words, upper-cased, at most {@link dev.cantila.engine.http.Limits#KEYWORDS} joined. */
    static List<String> keywords(JsonRequest body, String field, List<String> dflt) {
        List<String> v = body.optStringList(field, 50, dev.cantila.engine.http.Limits.KEYWORDS);
        if (v == null) {
            return dflt;
        }
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String k = v.get(i).strip();
            if (!KEYWORD.matcher(k).matches()) {
                throw ApiException.invalid(body.name(field) + "[" + i + "]", body.name(field) + "[" + i
                        + "] must be letters and digits only, got '" + k + "'");
            }
            out.add(k.toUpperCase(Locale.ROOT));
        }
        if (String.join(",", out).length() > dev.cantila.engine.http.Limits.KEYWORDS) {
            throw ApiException.invalid(body.name(field), body.name(field) + " must be at most "
                    + dev.cantila.engine.http.Limits.KEYWORDS + " characters in all (comma-separated)");
        }
        return List.copyOf(out);
    }

    /** Message samples: {@code min}–{@code max} of them, each 20–1,024 characters. */
    static List<String> samples(JsonRequest body, String field, int min, int max) {
        List<String> v = body.optStringList(field, max, dev.cantila.engine.http.Limits.MESSAGE_SAMPLE);
        if (v == null || v.size() < min) {
            throw ApiException.invalid(body.name(field), body.name(field) + " must hold " + min + "-" + max
                    + " samples, got " + (v == null ? 0 : v.size()));
        }
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(length(body.name(field) + "[" + i + "]", v.get(i).strip(), 20,
                    dev.cantila.engine.http.Limits.MESSAGE_SAMPLE));
        }
        return List.copyOf(out);
    }

    /** The host of a URL without a leading {@code www.}, lower case; "" when there is none. */
    static String host(String url) {
        if (url == null) {
            return "";
        }
        try {
            String h = java.net.URI.create(url).getHost();
            h = h == null ? "" : h.toLowerCase(Locale.ROOT);
            return h.startsWith("www.") ? h.substring(4) : h;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
