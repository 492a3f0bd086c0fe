package dev.cantila.webhooks.delivery;

import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.outbound.OutboundHttp;
import dev.cantila.webhooks.outbound.TargetPolicy;
import dev.cantila.webhooks.signing.WebhookSigner;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends one signed POST and reports what happened; never throws for a receiver's failure. The signature's
 * timestamp is the attempt time, so every retry carries a fresh one. The request goes through {@link OutboundHttp}
 * under the settings' {@link TargetPolicy}: a target that is (or resolves to) a private address is a failed attempt
 * ("refused: …") without any connection; redirects are not followed (a 3xx fails). The attempt log keeps at most
 * a sanitised excerpt of the answer ({@link dev.cantila.webhooks.outbound.Excerpt}).
 */
final class HttpPoster {
    static final String USER_AGENT = "Cantila-Webhooks/1";
    /** Enough of the answer for its excerpt; the rest is not read. */
    private static final int KEEP_BYTES = 1024;

    private final OutboundHttp http;
    private final Clock clock;

    HttpPoster(Clock clock, WebhookSettings settings) {
        this.http = new OutboundHttp(settings.targets(), settings.connectTimeout(), settings.requestTimeout());
        this.clock = clock;
    }

    Outcome post(Claim claim) {
        long started = System.nanoTime();
        try {
            byte[] body = claim.payload().getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put(WebhookSigner.HEADER, WebhookSigner.header(clock.instant().getEpochSecond(), body, claim.secrets()));
            headers.put("Cantila-Event-Id", claim.eventId());
            headers.put("Cantila-Event-Type", claim.eventType());
            headers.put("User-Agent", USER_AGENT);
            OutboundHttp.Response response = http.post(claim.url(), headers, body, KEEP_BYTES);
            int status = response.status();
            String excerpt = response.excerpt();
            String error = status >= 200 && status < 300 ? null : "HTTP " + status
                    + (status / 100 == 3 ? " (redirects are not followed)" : "") + (excerpt.isEmpty() ? "" : ": " + excerpt);
            return new Outcome(status, error, since(started));
        } catch (TargetPolicy.RefusedException e) {
            return new Outcome(null, "refused: " + e.getMessage(), since(started));
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "timeout: " + e.getMessage(), since(started));
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage(), since(started));
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
