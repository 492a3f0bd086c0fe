/**
 * The number marketplace: the catalog and held numbers ({@link dev.cantila.engine.numbers.Numbers}, seeded by
 * the Java migration {@code db.migration.V2__SeedNumberCatalog}) and opt-in SMS
 * ({@link dev.cantila.engine.numbers.SmsActivation}). Port-in and transfer come later.
 */
package dev.cantila.engine.numbers;
