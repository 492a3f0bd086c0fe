package dev.cantila.webhooks.events;

import java.util.List;

/**
 * An ad-hoc target for one event, such as a message's {@code statusCallback} URL: delivered, signed, retried and
 * logged like an endpoint delivery. The engine passes the project's callback secret(s), newest first; they are
 * stored with the delivery, so a restart can still sign it.
 */
public record CallbackTarget(String url, List<String> secrets) {
    public CallbackTarget {
        secrets = List.copyOf(secrets);
    }

    public static CallbackTarget of(String url, String secret) {
        return new CallbackTarget(url, List.of(secret));
    }
}
