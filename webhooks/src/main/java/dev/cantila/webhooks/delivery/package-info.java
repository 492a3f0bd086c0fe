/**
 * Delivering events: {@link dev.cantila.webhooks.delivery.DeliveryWorker} claims due deliveries from the database
 * with a lease ({@code FOR UPDATE SKIP LOCKED}), POSTs them signed on a bounded pool, and records each attempt;
 * {@link dev.cantila.webhooks.delivery.Deliveries} is the delivery log and manual redelivery;
 * {@link dev.cantila.webhooks.delivery.DeliveryStatus} is the state machine. Order per resource per target
 * (a "lane") is kept by the claim query: sequence n+1 is not claimed while n is pending or failed.
 * All state is in the database, so several workers can share it and a crash loses nothing.
 */
package dev.cantila.webhooks.delivery;
