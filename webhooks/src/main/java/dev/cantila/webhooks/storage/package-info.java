/**
 * Plain-JDBC plumbing shared by the other packages: {@link dev.cantila.webhooks.storage.Jdbc} (transactions on the
 * engine's {@code DataSource}, parameter binding, row mapping) and {@link dev.cantila.webhooks.storage.Ids}
 * (prefixed, time-ordered ids made in Java so H2 and PostgreSQL behave the same). The schema is the Flyway
 * migration {@code db/migration/V20__webhooks.sql}, which the engine runs together with its own migrations.
 */
package dev.cantila.webhooks.storage;
