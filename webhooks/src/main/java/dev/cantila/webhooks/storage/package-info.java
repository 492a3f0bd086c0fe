/**
 * Storage plumbing shared by the other packages: {@link dev.cantila.webhooks.storage.Ids} (prefixed, time-ordered
 * ids made in Java so H2 and PostgreSQL behave the same).
 */
package dev.cantila.webhooks.storage;
