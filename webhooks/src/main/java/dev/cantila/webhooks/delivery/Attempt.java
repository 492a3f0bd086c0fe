package dev.cantila.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * One HTTP try.
 *
 * @param statusCode the response status, or {@code null} when there was none (see {@code error})
 * @param error      why it failed ({@code HTTP 500: <start of body>}, {@code timeout after 10 s}, …), or null
 * @param redelivery whether this was the first try after a manual redeliver
 */
public record Attempt(Instant at, Integer statusCode, String error, Duration duration, boolean redelivery) {
}
