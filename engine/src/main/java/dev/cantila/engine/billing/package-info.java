/**
 * The billing ledger: leases of numbers, their setup and monthly charges, and accrual
 * ({@link dev.cantila.engine.billing.Billing}). Money is integer minor units with a currency, never floating point.
 */
package dev.cantila.engine.billing;
