package dev.cantila.engine.otp;

import dev.cantila.engine.config.OtpSettings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.storage.Database;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may be sent a code, and how often. Geo permissions: a project sends codes only to the countries its policy
 * allows, by default the countries of the numbers it holds (403 {@code country_not_allowed}). Rate limits, counted
 * over every code sent ({@code otp_sends}, re-sends included) in sliding windows by the injected clock: per
 * destination and per client IP per hour, per project per minute and per day, per destination country per hour;
 * each refusal is a 429 whose code names the limit and whose {@code retryAfter} says when the oldest counted send
 * leaves the window. Defaults come from {@code cantila.otp.limits}; a project's policy ({@code PUT …/otp/policy})
 * overrides them.
 */
final class OtpLimits {
    private static final Duration HOUR = Duration.ofHours(1);
    private final Database db;
    private final Clock clock;
    private final OtpSettings.Limits defaults;
    private final int fallbackSeconds;

    OtpLimits(Database db, Clock clock, OtpSettings.Limits defaults, Duration fallbackDelay) {
        this.db = db;
        this.clock = clock;
        this.defaults = defaults;
        this.fallbackSeconds = (int) fallbackDelay.toSeconds();
    }

    /**
     * A project's policy as the API shows it.
     *
     * @param allowedCountries ISO codes, or null: the countries of the numbers the project holds
     * @param fallbackSeconds  how long an auto verification waits after its SMS before its call
     */
    record Policy(List<String> allowedCountries, OtpSettings.Limits limits, int fallbackSeconds) {
    }

    Policy policy(String projectId) {
        return Database.one(db.exec(), "SELECT * FROM otp_policies WHERE project_id = ?", r -> {
            String allowed = Database.str(r, "allowed_countries");
            return new Policy(allowed == null ? null : allowed.isEmpty() ? List.of() : List.of(allowed.split(" ")),
                    new OtpSettings.Limits(
                            or(r, "per_destination", defaults.perDestination()),
                            or(r, "per_client_ip", defaults.perClientIp()),
                            or(r, "per_minute", defaults.perMinute()),
                            or(r, "per_day", defaults.perDay()),
                            or(r, "per_country", defaults.perCountry())),
                    or(r, "fallback_seconds", fallbackSeconds));
        }, projectId).orElse(new Policy(null, defaults, fallbackSeconds));
    }

    private static int or(io.helidon.dbclient.DbRow r, String column, int dflt) {
        Long v = Database.nullableLong(r, column);
        return v == null ? dflt : v.intValue();
    }

    /** A policy change: null fields keep their defaults; {@code allowedCountries} null means the held numbers'. */
    record PolicyChange(List<String> allowedCountries, Integer perDestination, Integer perClientIp, Integer perMinute,
                        Integer perDay, Integer perCountry, Integer fallbackSeconds) {
    }

    Policy setPolicy(String projectId, PolicyChange c) {
        String allowed = null;
        if (c.allowedCountries() != null) {
            Set<String> codes = new TreeSet<>();
            for (String code : c.allowedCountries()) {
                String upper = code.toUpperCase(Locale.ROOT);
                if (!Arrays.asList(Locale.getISOCountries()).contains(upper)) {
                    throw ApiException.invalid("allowedCountries", "allowedCountries holds ISO 3166 country codes"
                            + " such as US or GB; got '" + code + "'");
                }
                codes.add(upper);
            }
            allowed = String.join(" ", codes);
        }
        Integer[] limits = {c.perDestination(), c.perClientIp(), c.perMinute(), c.perDay(), c.perCountry()};
        String[] names = {"perDestination", "perClientIp", "perMinute", "perDay", "perCountry"};
        for (int i = 0; i < limits.length; i++) {
            if (limits[i] != null && (limits[i] < 1 || limits[i] > 1_000_000)) {
                throw ApiException.invalid(names[i], names[i] + " must be 1-1000000, got " + limits[i]);
            }
        }
        if (c.fallbackSeconds() != null && (c.fallbackSeconds() < 5 || c.fallbackSeconds() > 600)) {
            throw ApiException.invalid("fallbackSeconds", "fallbackSeconds must be 5-600, got " + c.fallbackSeconds());
        }
        long now = clock.millis();
        String a = allowed;
        db.inTx(tx -> {
            Database.update(tx, "DELETE FROM otp_policies WHERE project_id = ?", projectId);
            Database.update(tx, "INSERT INTO otp_policies (project_id, allowed_countries, per_destination,"
                    + " per_client_ip, per_minute, per_day, per_country, fallback_seconds, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", projectId, a, limits[0], limits[1], limits[2], limits[3],
                    limits[4], c.fallbackSeconds(), now);
            return null;
        });
        return policy(projectId);
    }

    /** 403 {@code country_not_allowed} unless the policy (or, by default, a held number) allows {@code country}. */
    void checkCountry(String projectId, String country, Policy policy) {
        List<String> allowed = policy.allowedCountries() != null ? policy.allowedCountries()
                : Database.list(db.exec(), "SELECT DISTINCT country FROM numbers WHERE project_id = ?",
                r -> Database.str(r, "country"), projectId);
        if (!allowed.contains(country)) {
            throw new ApiException(ApiException.Kind.FORBIDDEN, "country_not_allowed", "project " + projectId
                    + " may not send codes to " + country + " (allowed: " + (allowed.isEmpty() ? "none"
                    : String.join(", ", allowed)) + (policy.allowedCountries() == null
                    ? ", the countries of its numbers" : "") + "); set allowedCountries in PUT /v1/projects/"
                    + projectId + "/sms/otp/policy", "to");
        }
    }

    /** Refuses a send over any limit (429, see the class comment). */
    void checkRates(String projectId, String to, String clientIp, String country, Policy policy) {
        long now = clock.millis();
        OtpSettings.Limits l = policy.limits();
        Map<String, Object[]> checks = new LinkedHashMap<>();
        checks.put("destination_rate_limited", new Object[] {"to_e164 = ?", to, l.perDestination(), HOUR, "to"});
        if (clientIp != null) {
            checks.put("client_ip_rate_limited", new Object[] {"client_ip = ?", clientIp, l.perClientIp(), HOUR,
                    "clientIp"});
        }
        checks.put("project_minute_rate_limited", new Object[] {null, null, l.perMinute(), Duration.ofMinutes(1), null});
        checks.put("project_day_rate_limited", new Object[] {null, null, l.perDay(), Duration.ofDays(1), null});
        checks.put("country_rate_limited", new Object[] {"country = ?", country, l.perCountry(), HOUR, "to"});
        for (var e : checks.entrySet()) {
            Object[] c = e.getValue();
            check(e.getKey(), projectId, (String) c[0], c[1], (int) c[2], (Duration) c[3], (String) c[4], now);
        }
    }

    /**
     * Whether the {@code limit}-th newest send in the window exists: one index range read newest first, stopping
     * after {@code limit} entries, however many sends the window holds. Its time plus the window is when the
     * request may succeed again.
     */
    private void check(String code, String projectId, String condition, Object value, int limit, Duration window,
                       String field, long now) {
        long since = now - window.toMillis();
        String sql = "SELECT created_at FROM otp_sends WHERE project_id = ?"
                + (condition == null ? "" : " AND " + condition) + " AND created_at > ?"
                + " ORDER BY created_at DESC LIMIT 1 OFFSET " + (limit - 1);
        Object[] params = condition == null ? new Object[] {projectId, since} : new Object[] {projectId, value, since};
        java.util.Optional<Long> limiting = Database.one(db.exec(), sql, r -> Database.lng(r, "created_at"), params);
        if (limiting.isPresent()) {
            long retryAfterMs = limiting.get() + window.toMillis() - now;
            long seconds = Math.max(1, (retryAfterMs + 999) / 1000);
            throw ApiException.rateLimited(code, limit + " codes per " + describe(window) + " reached ("
                    + code.replace("_rate_limited", "").replace('_', ' ') + "); try again in " + seconds + " s",
                    field, seconds);
        }
    }

    private static String describe(Duration window) {
        return window.toDays() >= 1 ? "day" : window.toHours() >= 1 ? "hour" : "minute";
    }
}
