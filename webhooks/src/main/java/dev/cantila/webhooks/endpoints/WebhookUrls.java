package dev.cantila.webhooks.endpoints;

import dev.cantila.webhooks.WebhookException;
import dev.cantila.webhooks.outbound.TargetPolicy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Validation of target URLs, for endpoints and for per-message callback URLs alike. */
public final class WebhookUrls {
    static final int MAX_LENGTH = 2048;

    private WebhookUrls() {
    }

    /**
     * Returns {@code url} stripped when it is an absolute http(s) URL with a host, without credentials or fragment.
     *
     * @throws WebhookException {@code invalid_url} on {@code field} otherwise, saying what is wrong
     */
    public static String require(String url, String field) {
        if (url == null || url.isBlank()) {
            throw invalidUrl(field, "is required");
        }
        String u = url.strip();
        if (u.length() > MAX_LENGTH) {
            throw invalidUrl(field, "is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw invalidUrl(field, "'" + u + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalidUrl(field, "'" + u + "' must be an absolute http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalidUrl(field, "'" + u + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalidUrl(field, "must not contain credentials (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            throw invalidUrl(field, "'" + u + "' must not contain a #fragment");
        }
        return u;
    }

    /**
     * As {@link #require(String, String)}, and the target must be one {@code policy} lets Cantila call (no
     * loopback, private, link-local or metadata address unless the operator allowed it).
     */
    public static String require(String url, String field, TargetPolicy policy) {
        String u = require(url, field);
        policy.refusal(u).ifPresent(why -> {
            throw invalidUrl(field, why);
        });
        return u;
    }

    private static WebhookException invalidUrl(String field, String why) {
        return WebhookException.invalid("invalid_url", field, field + " " + why);
    }
}
