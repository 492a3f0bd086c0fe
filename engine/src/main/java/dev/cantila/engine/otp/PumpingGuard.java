package dev.cantila.engine.otp;

import dev.cantila.engine.config.OtpSettings;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbRow;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SMS-pumping detection per destination prefix (country calling code and the first four national digits).
 *
 * <p>Pumping looks like many code requests to one number range, none verified. For the prefix of each request the
 * guard compares the prefix's conversion (approved / settled verifications in {@code cantila.otp.pumping.window})
 * with the project's own baseline (its conversion over the past week outside that prefix; 0.5 while it has too
 * little history). A verification counts as settled once it ended or has been pending for {@link #SETTLE}, so a
 * burst of genuine users who have not typed their codes yet is not mistaken for an attack. With at least
 * {@code min-requests} settled verifications and a conversion below {@code collapse} × baseline, the prefix is
 * blocked for the project: further requests to it are refused (403 {@code prefix_blocked}), its pending
 * verifications end {@code blocked}, and {@code otp.blocked} is emitted, once. Other prefixes are untouched. Each
 * prefix is assessed after a request at most every {@link #REASSESS} (per instance), which bounds the guard's cost
 * under load and delays a block by at most that.
 */
final class PumpingGuard {
    static final Duration SETTLE = Duration.ofMinutes(2);
    /** A prefix is assessed at most this often per engine instance: its counts read the whole window's rows. */
    static final Duration REASSESS = Duration.ofSeconds(5);
    private static final double DEFAULT_BASELINE = 0.5;
    private static final Duration BASELINE = Duration.ofDays(7);

    private final Database db;
    private final Clock clock;
    private final OtpSettings.Pumping settings;
    private final java.util.concurrent.ConcurrentHashMap<String, Long> assessed = new java.util.concurrent.ConcurrentHashMap<>();

    PumpingGuard(Database db, Clock clock, OtpSettings.Pumping settings) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
    }

    /** A blocked prefix, with the figures that blocked it. */
    record Block(String prefix, String country, int requests, int approvals, double conversion, double baseline,
                 Instant blockedAt) {
    }

    static String prefix(String e164) {
        try {
            var util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
            var n = util.parse(e164, null);
            String national = util.getNationalSignificantNumber(n);
            return "+" + n.getCountryCode() + national.substring(0, Math.min(4, national.length()));
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            return e164.substring(0, Math.min(6, e164.length()));
        }
    }

    boolean blocked(String projectId, String prefix) {
        return Database.one(db.exec(), "SELECT 1 AS x FROM otp_blocked_prefixes WHERE project_id = ? AND prefix = ?",
                r -> true, projectId, prefix).isPresent();
    }

    /** The block the prefix's figures call for now, if any (not yet stored). */
    Optional<Block> assess(String projectId, String prefix, String country) {
        long now = clock.millis();
        Long last = assessed.get(projectId + " " + prefix);
        if (last != null && now - last < REASSESS.toMillis() && now >= last) {
            return Optional.empty();
        }
        if (assessed.size() > 100_000) {
            assessed.clear(); // a bound on memory; forgetting only means assessing again sooner
        }
        assessed.put(projectId + " " + prefix, now);
        long settledBefore = now - SETTLE.toMillis();
        long[] mine = settled(" AND prefix = ?", projectId, prefix, now - settings.window().toMillis(), settledBefore);
        if (mine[0] < settings.minRequests()) {
            return Optional.empty();
        }
        long[] others = settled(" AND prefix <> ?", projectId, prefix, now - BASELINE.toMillis(), settledBefore);
        double baseline = others[0] >= settings.minRequests() ? (double) others[1] / others[0] : DEFAULT_BASELINE;
        double conversion = (double) mine[1] / mine[0];
        if (conversion >= baseline * settings.collapse()) {
            return Optional.empty();
        }
        return Optional.of(new Block(prefix, country, (int) mine[0], (int) mine[1], round(conversion), round(baseline),
                Instant.ofEpochMilli(now)));
    }

    /** Stores the block; false when the prefix was blocked already (by a concurrent request). */
    boolean store(Connection tx, String projectId, Block b) throws SQLException {
        try {
            Database.update(tx, "INSERT INTO otp_blocked_prefixes (project_id, prefix, country, requests, approvals,"
                    + " blocked_at) VALUES (?, ?, ?, ?, ?, ?)", projectId, b.prefix(), b.country(), b.requests(),
                    b.approvals(), b.blockedAt().toEpochMilli());
            return true;
        } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    boolean unblock(String projectId, String prefix) {
        return Database.update(db.exec(), "DELETE FROM otp_blocked_prefixes WHERE project_id = ? AND prefix = ?",
                projectId, prefix) == 1;
    }

    /** [settled, approved] among the project's verifications created since {@code since}, matching {@code cond}. */
    private long[] settled(String cond, String projectId, String prefix, long since, long settledBefore) {
        return Database.one(db.exec(), "SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN status = 'approved' THEN 1"
                + " ELSE 0 END), 0) AS ok FROM otp_verifications WHERE project_id = ?" + cond + " AND created_at > ?"
                + " AND (status <> 'pending' OR created_at <= ?)", r -> new long[] {Database.lng(r, "n"),
                Database.lng(r, "ok")}, projectId, prefix, since, settledBefore).orElseThrow();
    }

    /** Requests, approvals and conversion by country and by prefix since {@code window} ago, and the blocks. */
    Map<String, Object> stats(String projectId, Duration window) {
        long since = clock.millis() - window.toMillis();
        List<DbRow> rows = Database.list(db.exec(), "SELECT country, prefix, COUNT(*) AS n, COALESCE(SUM(CASE WHEN"
                + " status = 'approved' THEN 1 ELSE 0 END), 0) AS ok FROM otp_verifications WHERE project_id = ?"
                + " AND created_at > ? GROUP BY country, prefix ORDER BY n DESC, prefix", r -> r, projectId, since);
        List<Block> blocks = Database.list(db.exec(), "SELECT * FROM otp_blocked_prefixes WHERE project_id = ?"
                + " ORDER BY blocked_at DESC", r -> new Block(Database.str(r, "prefix"), Database.str(r, "country"),
                Database.integer(r, "requests"), Database.integer(r, "approvals"),
                round(Database.integer(r, "approvals") / (double) Math.max(1, Database.integer(r, "requests"))), 0,
                Instant.ofEpochMilli(Database.lng(r, "blocked_at"))), projectId);
        List<String> blockedPrefixes = blocks.stream().map(Block::prefix).toList();
        Map<String, long[]> countries = new LinkedHashMap<>();
        List<Map<String, Object>> prefixes = new ArrayList<>();
        long total = 0;
        long approved = 0;
        for (DbRow r : rows) {
            long n = Database.lng(r, "n");
            long ok = Database.lng(r, "ok");
            total += n;
            approved += ok;
            long[] c = countries.computeIfAbsent(Database.str(r, "country"), k -> new long[2]);
            c[0] += n;
            c[1] += ok;
            if (prefixes.size() < 100) {
                Map<String, Object> p = figures(n, ok);
                p.put("prefix", Database.str(r, "prefix"));
                p.put("country", Database.str(r, "country"));
                p.put("blocked", blockedPrefixes.contains(Database.str(r, "prefix")));
                prefixes.add(p);
            }
        }
        List<Map<String, Object>> byCountry = new ArrayList<>();
        countries.forEach((country, c) -> {
            Map<String, Object> m = figures(c[0], c[1]);
            m.put("country", country);
            byCountry.add(m);
        });
        Map<String, Object> out = figures(total, approved);
        out.put("windowSeconds", window.toSeconds());
        out.put("countries", byCountry);
        out.put("prefixes", prefixes);
        out.put("blocked", blocks.stream().map(b -> Map.of("prefix", b.prefix(), "country", b.country(),
                "requests", b.requests(), "approvals", b.approvals(), "blockedAt", b.blockedAt().toString())).toList());
        return out;
    }

    private static Map<String, Object> figures(long requests, long approvals) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests);
        m.put("approvals", approvals);
        m.put("conversion", requests == 0 ? 0.0 : round((double) approvals / requests));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
