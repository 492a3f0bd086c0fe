package dev.cantila.engine.core;

/** An amount in integer minor units (cents, pence) of an ISO-4217 currency. Never floating point. */
public record Money(long amount, String currency) {
    public Money {
        if (currency == null || currency.length() != 3) {
            throw new IllegalArgumentException("currency must be an ISO-4217 code, got " + currency);
        }
    }
}
