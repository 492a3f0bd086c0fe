package dev.cantila.engine.config;

import io.helidon.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code cantila.otp} section: the install secret that keys code hashes, the default limits every project gets
 * (a project may set its own through {@code PUT …/sms/otp/policy}), the SMS-pumping guard, and the price of an
 * approved verification.
 *
 * @param secret      {@code CANTILA_OTP_SECRET} / {@code cantila.otp.secret} (at least 32 characters), or null: the
 *                    secret is then the file {@code secretFile}, created with owner-only permissions on first start
 * @param secretFile  {@code <data-dir>/otp-secret} unless {@code cantila.otp.secret-file} names another
 * @param limits      default limits (per destination and per client IP per hour, per project per minute and per
 *                    day, per destination country per hour)
 * @param pumping     when a prefix counts as pumped
 * @param prices      price of one approved verification per destination country (ISO code → minor units);
 *                    {@code default} for the others
 * @param currency    the prices' currency
 * @param fallbackDelay how long an {@code auto} verification waits for approval after its SMS before the call with
 *                    the same code follows ({@code cantila.otp.fallback-delay}, {@code CANTILA_OTP_FALLBACK_DELAY};
 *                    5 s - 10 min, default 30 s); an SMS reported undelivered is followed at once
 */
public record OtpSettings(String secret, Path secretFile, Limits limits, Pumping pumping, Map<String, Long> prices,
                          String currency, Duration fallbackDelay) {

    /** Requests (first sends and re-sends) allowed in each window; see the README's Configuration table. */
    public record Limits(int perDestination, int perClientIp, int perMinute, int perDay, int perCountry) {
        public static Limits defaults() {
            return new Limits(10, 20, 60, 10_000, 1_000);
        }
    }

    /**
     * @param window      how far back a prefix's requests and approvals are counted
     * @param minRequests fewer verifications than this in a prefix never block it
     * @param collapse    a prefix is blocked when its conversion falls below this share of the project's own
     *                    conversion over the week (its baseline)
     */
    public record Pumping(Duration window, int minRequests, double collapse) {
    }

    /** The price of an approved verification to {@code country}, in minor units. */
    public long price(String country) {
        Long p = prices.get(country);
        return p != null ? p : prices.getOrDefault("default", 0L);
    }

    static OtpSettings read(Config c, Map<String, String> env, Path dataDir) {
        String secret = env.getOrDefault("CANTILA_OTP_SECRET", c.get("secret").asString().orElse(null));
        if (secret != null && secret.isBlank()) {
            secret = null;
        }
        if (secret != null && secret.length() < 32) {
            throw new SettingsException("CANTILA_OTP_SECRET / cantila.otp.secret must be at least 32 characters, got "
                    + secret.length());
        }
        Path file = c.get("secret-file").asString().map(Path::of).orElse(dataDir.resolve("otp-secret"));
        Limits d = Limits.defaults();
        Config l = c.get("limits");
        Limits limits = new Limits(
                Settings.positive(l.get("per-destination").asInt().orElse(d.perDestination()), "cantila.otp.limits.per-destination"),
                Settings.positive(l.get("per-client-ip").asInt().orElse(d.perClientIp()), "cantila.otp.limits.per-client-ip"),
                Settings.positive(l.get("per-minute").asInt().orElse(d.perMinute()), "cantila.otp.limits.per-minute"),
                Settings.positive(l.get("per-day").asInt().orElse(d.perDay()), "cantila.otp.limits.per-day"),
                Settings.positive(l.get("per-country").asInt().orElse(d.perCountry()), "cantila.otp.limits.per-country"));
        Config p = c.get("pumping");
        double collapse = p.get("collapse").asDouble().orElse(0.2);
        if (!(collapse > 0 && collapse < 1)) {
            throw new SettingsException("cantila.otp.pumping.collapse must be between 0 and 1 (exclusive), got " + collapse);
        }
        Pumping pumping = new Pumping(
                Settings.duration(p.get("window"), Duration.ofHours(1), "cantila.otp.pumping.window"),
                Settings.positive(p.get("min-requests").asInt().orElse(20), "cantila.otp.pumping.min-requests"),
                collapse);
        Map<String, Long> prices = new LinkedHashMap<>(Map.of("default", 5L));
        c.get("prices").asMap().ifPresent(m -> m.forEach((k, v) -> {
            String country = k.substring(k.lastIndexOf('.') + 1);
            if (!country.equals("default") && !country.matches("[A-Z]{2}")) {
                throw new SettingsException("cantila.otp.prices keys must be ISO country codes (US, GB) or default,"
                        + " got '" + country + "'");
            }
            try {
                long minor = Long.parseLong(v.trim());
                if (minor < 0) {
                    throw new NumberFormatException();
                }
                prices.put(country, minor);
            } catch (NumberFormatException e) {
                throw new SettingsException("cantila.otp.prices." + country + " must be a whole number of minor units"
                        + " (cents) ≥ 0, got '" + v + "'");
            }
        }));
        String currency = c.get("currency").asString().orElse("USD").trim().toUpperCase(Locale.ROOT);
        if (!currency.matches("[A-Z]{3}")) {
            throw new SettingsException("cantila.otp.currency must be an ISO-4217 code, got '" + currency + "'");
        }
        Duration fallback = fallbackDelay(env.get("CANTILA_OTP_FALLBACK_DELAY"), c.get("fallback-delay"));
        return new OtpSettings(secret, file, limits, pumping, Map.copyOf(prices), currency, fallback);
    }

    private static Duration fallbackDelay(String fromEnv, Config key) {
        String name = fromEnv != null ? "CANTILA_OTP_FALLBACK_DELAY" : "cantila.otp.fallback-delay";
        Duration d = Settings.duration(fromEnv != null ? Config.just(io.helidon.config.ConfigSources.create(
                Map.of("v", fromEnv))).get("v") : key, Duration.ofSeconds(30), name);
        if (d.compareTo(Duration.ofSeconds(5)) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new SettingsException(name + " must be 5s-10m, got '" + (fromEnv != null ? fromEnv
                    : key.asString().orElse("")) + "'");
        }
        return d;
    }
}
