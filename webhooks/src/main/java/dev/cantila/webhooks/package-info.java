/**
 * Signed outbound event delivery: a durable outbox of events, per-project endpoints with rotating secrets,
 * a delivery worker that signs, POSTs, retries with capped jittered backoff, dead-letters and redelivers.
 * <p>
 * Start reading at {@link dev.cantila.webhooks.Webhooks}, the one object the engine builds (from its
 * {@code DataSource}, a {@code Clock} and {@link dev.cantila.webhooks.WebhookSettings}). Every failure a caller can
 * cause is a {@link dev.cantila.webhooks.WebhookException} with a machine code and the offending field.
 * Concerns live in sub-packages: {@code signing} (header format, verifier), {@code endpoints},
 * {@code events} (the outbox), {@code delivery} (worker, log, redeliver), {@code storage} (JDBC, ids).
 * This module knows nothing of the engine: no HTTP server, no engine types.
 */
package dev.cantila.webhooks;
