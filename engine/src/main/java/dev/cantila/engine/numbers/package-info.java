/**
 * The number marketplace: the catalog and held numbers ({@link dev.cantila.engine.numbers.Numbers}, seeded by
 * the Java migration {@code db.migration.V2__SeedNumberCatalog}), release aging and reclaim (also in
 * {@code Numbers}), transfers between projects ({@link dev.cantila.engine.numbers.Transfers}) and opt-in SMS
 * ({@link dev.cantila.engine.numbers.SmsActivation}). Port-in and port-out live in {@code porting}.
 */
package dev.cantila.engine.numbers;
