package dev.cantila.webhooks.delivery;

import java.time.Duration;

/** What one HTTP try produced: a status code, or an error without one. */
record Outcome(Integer statusCode, String error, Duration duration) {
    boolean succeeded() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
}
