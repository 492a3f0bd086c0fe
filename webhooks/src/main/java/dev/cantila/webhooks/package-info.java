/**
 * Signed outbound event delivery: sign, send, retry with capped jittered backoff, dead-letter, redeliver.
 * Empty until issue #3; {@code statusCallback} URLs are stored by the engine meanwhile.
 */
package dev.cantila.webhooks;
