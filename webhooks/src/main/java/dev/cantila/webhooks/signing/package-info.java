/**
 * The {@code Cantila-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>},
 * one {@code v1=} per active secret while a secret is being rotated. {@link dev.cantila.webhooks.signing.WebhookSigner}
 * writes it (the delivery worker, and the engine for URL-routed numbers); {@link
 * dev.cantila.webhooks.signing.SignatureVerifier} checks it (for Java receivers and for tests). The HMAC key is the
 * secret string's UTF-8 bytes exactly as shown to the user, {@code whsec_} prefix included. Receivers in other
 * languages: see the module README.
 */
package dev.cantila.webhooks.signing;
