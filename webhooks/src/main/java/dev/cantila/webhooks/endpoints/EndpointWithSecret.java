package dev.cantila.webhooks.endpoints;

/** An endpoint and its new signing secret, returned by create and rotate: the only time the secret is shown. */
public record EndpointWithSecret(Endpoint endpoint, String secret) {
}
