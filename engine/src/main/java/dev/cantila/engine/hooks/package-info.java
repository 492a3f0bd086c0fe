/**
 * The engine's side of webhooks: the HTTP API over the {@code webhooks} module
 * ({@link dev.cantila.engine.hooks.WebhooksHttp}) and the emission of SMS events
 * ({@link dev.cantila.engine.hooks.SmsEvents}).
 */
package dev.cantila.engine.hooks;
