package dev.cantila.engine.config;

import io.helidon.config.Config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code cantila.numbers.*}: the lifecycle of held numbers.
 *
 * @param aging          how long a released number stays out of the catalog, reclaimable by the project that
 *                       released it ({@code aging}, env {@code CANTILA_NUMBER_AGING}), as carriers age numbers
 *                       before reassigning them
 * @param transferExpiry how long a transfer offer waits for the receiving project ({@code transfer-expiry})
 */
public record NumbersSettings(Duration aging, Duration transferExpiry) {

    public static NumbersSettings defaults() {
        return new NumbersSettings(Duration.ofDays(30), Duration.ofDays(7));
    }

    static NumbersSettings read(Config n, Map<String, String> env) {
        NumbersSettings d = defaults();
        Duration aging = env.containsKey("CANTILA_NUMBER_AGING")
                ? Settings.duration(Config.just(io.helidon.config.ConfigSources.create(Map.of("v",
                env.get("CANTILA_NUMBER_AGING")))).get("v"), d.aging(), "CANTILA_NUMBER_AGING")
                : Settings.duration(n.get("aging"), d.aging(), "cantila.numbers.aging");
        Duration expiry = Settings.duration(n.get("transfer-expiry"), d.transferExpiry(),
                "cantila.numbers.transfer-expiry");
        if (expiry.isZero()) {
            throw new SettingsException("cantila.numbers.transfer-expiry must be longer than zero, got " + expiry);
        }
        return new NumbersSettings(aging, expiry);
    }
}
