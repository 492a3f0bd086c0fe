/**
 * The durable outbox. {@link dev.cantila.webhooks.events.Outbox#emit} stores one event with the next sequence
 * number of its resource and one delivery per subscribed endpoint (plus an optional per-message callback target)
 * in a single transaction, on its own connection or inside the caller's. {@link dev.cantila.webhooks.events.EventTypes}
 * is the catalogue of types and the subscription patterns ({@code sms.inbound}, {@code sms.*}, {@code *}).
 */
package dev.cantila.webhooks.events;
