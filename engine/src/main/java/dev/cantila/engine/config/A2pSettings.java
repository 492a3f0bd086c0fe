package dev.cantila.engine.config;

import io.helidon.config.Config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cantila.a2p.*}: what registration changes at send time and how the simulated registry behaves.
 *
 * @param enforcement  {@code enforce}, {@code warn} or {@code off} ({@code CANTILA_A2P_ENFORCEMENT})
 * @param review       the simulated reviewer's delay per step, by kind: {@code brand}, {@code vetting},
 *                     {@code campaign}, {@code number}, {@code tollfree}
 * @param poll         how often the reviewer looks for due steps
 * @param throughput   messages per second a brand's numbers share, by trust tier ({@code high}, {@code medium},
 *                     {@code low}, {@code sole-proprietor})
 * @param dailyCap     messages per UTC day per brand, by trust tier (0 = no cap)
 * @param fees         fees in minor units of {@code currency}: {@code brand}, {@code vetting}, {@code campaign}
 *                     (each submission), {@code tollfree}, and {@code monthly.<USE_CASE>} / {@code monthly.default}
 */
public record A2pSettings(Enforcement enforcement, Map<String, Duration> review, Duration poll,
                          Map<String, Double> throughput, Map<String, Integer> dailyCap, Map<String, Long> fees,
                          String currency) {
    public enum Enforcement { ENFORCE, WARN, OFF }

    static final Map<String, Duration> REVIEW = Map.of("brand", Duration.ofSeconds(3), "vetting",
            Duration.ofSeconds(3), "campaign", Duration.ofSeconds(5), "number", Duration.ofSeconds(2), "tollfree",
            Duration.ofSeconds(5));
    static final Map<String, Double> THROUGHPUT = Map.of("high", 225.0, "medium", 120.0, "low", 12.0,
            "sole-proprietor", 1.0);
    static final Map<String, Integer> DAILY_CAP = Map.of("high", 200_000, "medium", 40_000, "low", 2_000,
            "sole-proprietor", 1_000);
    static final Map<String, Long> FEES = Map.of("brand", 400L, "vetting", 4_000L, "campaign", 1_500L,
            "tollfree", 300L, "monthly.default", 1_000L, "monthly.LOW_VOLUME", 150L, "monthly.MIXED", 1_000L);

    public A2pSettings {
        review = Map.copyOf(review);
        throughput = Map.copyOf(throughput);
        dailyCap = Map.copyOf(dailyCap);
        fees = Map.copyOf(fees);
    }

    public Duration review(String kind) {
        return review.get(kind);
    }

    /** The monthly fee of a campaign of {@code useCase}. */
    public long monthlyFee(String useCase) {
        return fees.getOrDefault("monthly." + useCase, fees.get("monthly.default"));
    }

    public long fee(String kind) {
        return fees.get(kind);
    }

    /** The defaults with {@code enforcement}. */
    public static A2pSettings defaults(Enforcement enforcement) {
        return new A2pSettings(enforcement, REVIEW, Duration.ofSeconds(1), THROUGHPUT, DAILY_CAP, FEES, "USD");
    }

    static A2pSettings read(Config a, Map<String, String> env) {
        String mode = env.getOrDefault("CANTILA_A2P_ENFORCEMENT", a.get("enforcement").asString().orElse("warn"))
                .trim();
        Enforcement enforcement;
        try {
            enforcement = Enforcement.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("cantila.a2p.enforcement / CANTILA_A2P_ENFORCEMENT must be enforce, warn or"
                    + " off, got '" + mode + "'");
        }
        Map<String, Duration> review = new LinkedHashMap<>();
        REVIEW.forEach((k, d) -> review.put(k, Settings.duration(a.get("review." + k), d, "cantila.a2p.review." + k)));
        Duration poll = Settings.duration(a.get("review.poll"), Duration.ofSeconds(1), "cantila.a2p.review.poll");
        if (poll.isZero()) {
            throw new SettingsException("cantila.a2p.review.poll must be longer than zero");
        }
        Map<String, Double> throughput = new LinkedHashMap<>();
        THROUGHPUT.forEach((k, d) -> {
            String key = "cantila.a2p.throughput." + k;
            double v = number(a.get("throughput." + k), d, key);
            if (!(v > 0)) {
                throw new SettingsException(key + " must be a positive number, got " + v);
            }
            throughput.put(k, v);
        });
        Map<String, Integer> caps = new LinkedHashMap<>();
        DAILY_CAP.forEach((k, d) -> caps.put(k, (int) whole(a.get("daily-cap." + k), d, "cantila.a2p.daily-cap." + k)));
        Map<String, Long> fees = new LinkedHashMap<>(FEES);
        a.get("fees").traverse().filter(Config::isLeaf).forEach(n -> {
            String rel = n.key().toString().substring(a.get("fees").key().toString().length() + 1);
            if (!FEES.containsKey(rel) && !rel.startsWith("monthly.")) {
                throw new SettingsException("cantila.a2p.fees." + rel + " is not a fee: use brand, vetting, campaign,"
                        + " tollfree, monthly.default or monthly.<USE_CASE>");
            }
            fees.put(rel, whole(n, 0, "cantila.a2p.fees." + rel));
        });
        String currency = a.get("currency").asString().orElse("USD").trim();
        if (!currency.matches("[A-Z]{3}")) {
            throw new SettingsException("cantila.a2p.currency must be a three-letter ISO 4217 code, got '" + currency
                    + "'");
        }
        return new A2pSettings(enforcement, review, poll, throughput, caps, fees, currency);
    }

    private static double number(Config node, double dflt, String key) {
        if (!node.exists()) {
            return dflt;
        }
        String v = node.asString().get().trim();
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new SettingsException(key + " must be a number, got '" + v + "'");
        }
    }

    private static long whole(Config node, long dflt, String key) {
        if (!node.exists()) {
            return dflt;
        }
        String v = node.asString().get().trim();
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new SettingsException(key + " must be a whole number from 0 to " + Integer.MAX_VALUE + ", got '" + v
                    + "'");
        }
    }
}
