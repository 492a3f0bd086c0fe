/**
 * The billing ledger: leases of numbers, their setup and monthly charges, accrual and usage charges
 * ({@link dev.cantila.engine.billing.Billing}), usage rated into it at the prices of {@code cantila.pricing} as messages
 * are sent and received and calls end ({@link dev.cantila.engine.billing.Rating}, wired in {@code App.rateUsage}), and
 * the monthly invoices read from it ({@link dev.cantila.engine.billing.Invoices}). Money is integer minor units with a currency, never floating point.
 */
package dev.cantila.engine.billing;
