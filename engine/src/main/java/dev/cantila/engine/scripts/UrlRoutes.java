package dev.cantila.engine.scripts;

import dev.cantila.webhooks.outbound.OutboundHttp;
import dev.cantila.webhooks.signing.WebhookSigner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What SMS and voice URL routes share: the request headers of a signed routing POST, and how a failed answer is
 * written into the execution log (status and a sanitised excerpt of the body, never the body itself).
 */
public final class UrlRoutes {
    public static final String USER_AGENT = "Cantila-Routing/1";

    private UrlRoutes() {
    }

    /** The headers of a routing POST signed with {@code signature} (a {@link WebhookSigner#header} value). */
    public static Map<String, String> headers(String signature) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("User-Agent", USER_AGENT);
        h.put(WebhookSigner.HEADER, signature);
        return h;
    }

    /**
     * Why {@code response} is not a usable answer, for the log: a non-2xx status (a 3xx says redirects are not
     * followed) with the excerpt of its body, or a body longer than {@code maxBytes}.
     */
    public static String failure(String url, OutboundHttp.Response response, int maxBytes) {
        int status = response.status();
        if (status / 100 == 2) {
            return url + " answered more than " + maxBytes + " bytes";
        }
        String excerpt = response.excerpt();
        return url + " answered " + status + (status / 100 == 3 ? " (redirects are not followed)" : "")
                + (excerpt.isEmpty() ? "" : ": " + excerpt);
    }
}
