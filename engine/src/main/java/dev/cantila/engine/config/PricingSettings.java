package dev.cantila.engine.config;

import io.helidon.config.Config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code cantila.pricing} section: the usage price table. Prices are whole minor units of {@code currency},
 * keyed {@code <country>.<number type>.<sms|voice>.<outbound|inbound>} under {@code cantila.pricing.rates}: an ISO
 * country code or {@code default}; {@code local}, {@code mobile}, {@code tollfree} or {@code default}. SMS outbound
 * is per segment, SMS inbound per message, voice per minute. A price missing for a country and type is looked up
 * for the country's {@code default} type, then the {@code default} country with the type, then
 * {@code default.default}; missing everywhere, it is 0.
 *
 * @param currency      the prices' ISO-4217 currency
 * @param rates         the table, by full key (see above)
 * @param voiceRounding {@code per-second} (the price of the minute, pro rata, rounded up to a minor unit) or
 *                      {@code per-minute} (every started minute in full)
 */
public record PricingSettings(String currency, Map<String, Long> rates, VoiceRounding voiceRounding) {

    /** How call seconds become a charge. */
    public enum VoiceRounding {
        PER_SECOND, PER_MINUTE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final Set<String> TYPES = Set.of("local", "mobile", "tollfree", "default");
    private static final Set<String> SERVICES = Set.of("sms", "voice");
    private static final Set<String> DIRECTIONS = Set.of("outbound", "inbound");

    /**
     * The price of {@code service} ({@code sms} or {@code voice}) in {@code direction} for a number of
     * {@code country} and {@code numberType} (either may be null: unknown), in minor units.
     */
    public long price(String country, String numberType, String service, String direction) {
        String c = country == null ? "default" : country;
        String t = numberType == null ? "default" : numberType;
        String what = "." + service + "." + direction;
        for (String key : new String[] {c + "." + t, c + ".default", "default." + t, "default.default"}) {
            Long p = rates.get(key + what);
            if (p != null) {
                return p;
            }
        }
        return 0;
    }

    /** The charge for a call of {@code seconds} at {@code perMinute} minor units, rounded as configured. */
    public long voiceCharge(long seconds, long perMinute) {
        if (seconds <= 0) {
            return 0;
        }
        return switch (voiceRounding) {
            case PER_MINUTE -> Math.ceilDiv(seconds, 60) * perMinute;
            case PER_SECOND -> Math.ceilDiv(seconds * perMinute, 60);
        };
    }

    static PricingSettings read(Config c) {
        String currency = c.get("currency").asString().orElse("USD").trim().toUpperCase(Locale.ROOT);
        if (!currency.matches("[A-Z]{3}")) {
            throw new SettingsException("cantila.pricing.currency must be an ISO-4217 code, got '" + currency + "'");
        }
        String rounding = c.get("voice-rounding").asString().orElse("per-minute").trim();
        VoiceRounding voiceRounding = switch (rounding) {
            case "per-second" -> VoiceRounding.PER_SECOND;
            case "per-minute" -> VoiceRounding.PER_MINUTE;
            default -> throw new SettingsException("cantila.pricing.voice-rounding must be per-second or per-minute,"
                    + " got '" + rounding + "'");
        };
        Map<String, Long> rates = new LinkedHashMap<>();
        String prefix = c.get("rates").key().toString() + ".";
        c.get("rates").asMap().ifPresent(m -> m.forEach((k, v) -> {
            String key = k.startsWith(prefix) ? k.substring(prefix.length()) : k;
            rates.put(key, rate(key, v));
        }));
        return new PricingSettings(currency, Map.copyOf(rates), voiceRounding);
    }

    private static long rate(String key, String value) {
        String[] p = key.split("\\.");
        if (p.length != 4 || !(p[0].equals("default") || p[0].matches("[A-Z]{2}")) || !TYPES.contains(p[1])
                || !SERVICES.contains(p[2]) || !DIRECTIONS.contains(p[3])) {
            throw new SettingsException("cantila.pricing.rates." + key + ": keys must be <country (US, GB) or default>"
                    + ".<local|mobile|tollfree|default>.<sms|voice>.<outbound|inbound>");
        }
        try {
            long minor = Long.parseLong(value.trim());
            if (minor < 0) {
                throw new NumberFormatException();
            }
            return minor;
        } catch (NumberFormatException e) {
            throw new SettingsException("cantila.pricing.rates." + key + " must be a whole number of minor units"
                    + " (cents) ≥ 0, got '" + value + "'");
        }
    }
}
