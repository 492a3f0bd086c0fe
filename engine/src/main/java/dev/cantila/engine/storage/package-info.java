/**
 * Storage plumbing: the pool, migrations and the DbClient helpers in {@link dev.cantila.engine.storage.Database}.
 * Repositories live with their domain (numbers, sms, …); migrations in {@code resources/db/migration}.
 * Instants are stored as BIGINT epoch milliseconds (the same on H2 and PostgreSQL, no time-zone surprises),
 * money as BIGINT minor units plus a currency code.
 */
package dev.cantila.engine.storage;
