/**
 * The billing ledger: leases of numbers, their setup and monthly charges, accrual and usage charges
 * ({@link dev.cantila.engine.billing.Billing}), and the monthly invoices read from it
 * ({@link dev.cantila.engine.billing.Invoices}). Money is integer minor units with a currency, never floating point.
 */
package dev.cantila.engine.billing;
