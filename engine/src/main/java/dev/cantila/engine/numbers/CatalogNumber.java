package dev.cantila.engine.numbers;

import dev.cantila.engine.core.Money;

import java.time.Instant;

/** A number as the catalog and the held-numbers listing show it. {@code projectId} is null while available. */
public record CatalogNumber(String e164, String country, String areaCode, String type, Capabilities capabilities,
                            Money setupFee, Money monthlyFee, String status, String projectId, Instant acquiredAt) {

    /** What the number can do. */
    public record Capabilities(boolean sms, boolean voice, boolean mms) {
    }
}
