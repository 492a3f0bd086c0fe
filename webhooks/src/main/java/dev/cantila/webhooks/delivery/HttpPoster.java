package dev.cantila.webhooks.delivery;

import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.signing.WebhookSigner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Sends one signed POST and reports what happened; never throws for a receiver's failure. The signature's
 * timestamp is the attempt time, so every retry carries a fresh one. Redirects are not followed (a 3xx fails).
 */
final class HttpPoster {
    static final String USER_AGENT = "Cantila-Webhooks/1";
    private static final int ERROR_BODY_CHARS = 200;

    private final HttpClient client;
    private final Clock clock;
    private final Duration requestTimeout;

    HttpPoster(Clock clock, WebhookSettings settings) {
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        this.clock = clock;
        this.requestTimeout = settings.requestTimeout();
    }

    Outcome post(Claim claim) {
        long started = System.nanoTime();
        try {
            byte[] body = claim.payload().getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(claim.url())).timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header(WebhookSigner.HEADER, WebhookSigner.header(clock.instant().getEpochSecond(), body, claim.secrets()))
                    .header("Cantila-Event-Id", claim.eventId())
                    .header("Cantila-Event-Type", claim.eventType())
                    .header("User-Agent", USER_AGENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            String start = bodyStart(response.body());
            String error = status >= 200 && status < 300 ? null : "HTTP " + status + start;
            return new Outcome(status, error, since(started));
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "timeout: " + e.getMessage(), since(started));
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage(), since(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted: the worker was shutting down", since(started));
        }
    }

    /** The start of the response body, for the attempt log; the rest is discarded and the stream closed. */
    private static String bodyStart(InputStream body) {
        try (body) {
            String text = new String(body.readNBytes(ERROR_BODY_CHARS), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : ": " + text;
        } catch (IOException e) {
            return "";
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
