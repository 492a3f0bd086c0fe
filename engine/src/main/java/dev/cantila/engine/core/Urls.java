package dev.cantila.engine.core;

import dev.cantila.webhooks.outbound.TargetPolicy;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks for URLs clients give us to call (status callbacks, URL routing, outbound-call URLs). */
public final class Urls {
    private Urls() {
    }

    /**
     * {@code url} if it is an absolute http(s) URL of at most 2048 characters that {@code targets} lets Cantila call
     * (no credentials, no loopback, private, link-local or metadata address unless the operator allowed it); else a
     * 400 naming {@code field}.
     */
    public static String http(String url, String field, TargetPolicy targets) {
        try {
            URI u = new URI(url);
            if (url.length() <= 2048 && u.getHost() != null
                    && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
                targets.refusal(url).ifPresent(why -> {
                    throw ApiException.invalid("invalid_url", field, field + " " + why);
                });
                return url;
            }
        } catch (URISyntaxException | NullPointerException e) {
            // reported below
        }
        throw ApiException.invalid(field, field + " must be an absolute http(s) URL of at most 2048 characters");
    }
}
