package dev.cantila.engine.billing;

import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Money;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import dev.cantila.webhooks.storage.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Optional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The billing ledger for numbers. Holding a number is a lease: at purchase, a {@code setup} charge and the first
 * {@code monthly} charge; then one {@code monthly} charge at the start of every further month (calendar months
 * in UTC counted from the purchase instant: Jan 31 → Feb 28 → Mar 31) until the lease ends. A month that has
 * started is charged in full; nothing is prorated or refunded.
 *
 * <p>Accrual is idempotent and safe across engine instances: each month is charged by a compare-and-set on the
 * lease's {@code billed_until} in the same transaction as the charge, and {@code charges_once} (UNIQUE lease,
 * kind, period start) forbids a second row for one period.
 */
public final class Billing {
    private final Database db;
    private final Clock clock;
    private final Ids ids;

    public Billing(Database db, Clock clock, Ids ids) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
    }

    /** One line of the ledger. */
    public record Charge(String id, String projectId, String e164, String kind, String description, Money amount,
                         Instant periodStart, Instant periodEnd, Instant createdAt) {
    }

    /** A page of charges with the project's totals per currency. */
    public record Statement(List<Charge> data, String nextCursor, Map<String, Long> totals) {
    }

    /** Starts a lease inside the purchase transaction: setup fee plus the first month. Returns the lease id. */
    public String openLease(DbExecute tx, String projectId, String e164, Money setupFee, Money monthlyFee, long at) {
        return openLease(sql(tx), projectId, e164, setupFee, monthlyFee, at);
    }

    /**
     * Starts a lease inside a JDBC transaction (one that also writes webhook events): the first month, and the setup
     * fee unless {@code setupFee} is null (waived: a ported-in or reclaimed number). Returns the lease id.
     */
    public String openLease(Connection tx, String projectId, String e164, Money setupFee, Money monthlyFee, long at) {
        return openLease(sql(tx), projectId, e164, setupFee, monthlyFee, at);
    }

    private String openLease(Sql tx, String projectId, String e164, Money setupFee, Money monthlyFee, long at) {
        String lease = ids.next("lease");
        long monthEnd = monthStart(at, 1);
        tx.update("INSERT INTO number_leases (id, e164, project_id, monthly_fee, currency, started_at,"
                + " billed_until) VALUES (?, ?, ?, ?, ?, ?, ?)", lease, e164, projectId, monthlyFee.amount(),
                monthlyFee.currency(), at, monthEnd);
        if (setupFee != null) {
            charge(tx, projectId, lease, e164, "setup", "Setup fee for " + e164, setupFee, at, at);
        }
        charge(tx, projectId, lease, e164, "monthly", "Monthly lease of " + e164, monthlyFee, at, monthEnd);
        return lease;
    }

    /**
     * Moves a lease to another project inside the transfer's transaction, from the next cycle: the old lease is
     * charged for any month started by {@code at} and ended; the new one starts where the old one is paid until, so
     * the receiving project's first charge is the next month. Returns the new lease's id.
     */
    public String transferLease(DbExecute tx, String leaseId, String toProject, long at) {
        Sql sql = sql(tx);
        accrueLease(sql, leaseId, at);
        sql.update("UPDATE number_leases SET ended_at = ? WHERE id = ? AND ended_at IS NULL", at, leaseId);
        Map<String, Object> old = sql.one("SELECT * FROM number_leases WHERE id = ?", leaseId).orElseThrow();
        long paidUntil = ((Number) old.get("billed_until")).longValue();
        String lease = ids.next("lease");
        sql.update("INSERT INTO number_leases (id, e164, project_id, monthly_fee, currency, started_at, billed_until)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", lease, old.get("e164"), toProject, old.get("monthly_fee"),
                ((String) old.get("currency")).trim(), paidUntil, paidUntil);
        return lease;
    }

    /** Ends a lease inside a JDBC transaction; as {@link #endLease(DbExecute, String, long)}. */
    public void endLease(Connection tx, String leaseId, long at) {
        accrueLease(sql(tx), leaseId, at);
        sql(tx).update("UPDATE number_leases SET ended_at = ? WHERE id = ? AND ended_at IS NULL", at, leaseId);
    }

    /** Ends a lease inside the release transaction, after charging any month that started before {@code at}. */
    public void endLease(DbExecute tx, String leaseId, long at) {
        accrueLease(sql(tx), leaseId, at);
        Database.update(tx, "UPDATE number_leases SET ended_at = ? WHERE id = ? AND ended_at IS NULL", at, leaseId);
    }

    /**
     * Charges every started, unbilled month of every open lease (of one project, or of all when {@code projectId}
     * is null). Returns how many charges it made.
     */
    public int accrue(String projectId) {
        long now = clock.millis();
        List<String> due = projectId == null
                ? Database.list(db.exec(), "SELECT id FROM number_leases WHERE ended_at IS NULL AND billed_until <= ?",
                r -> Database.str(r, "id"), now)
                : Database.list(db.exec(), "SELECT id FROM number_leases WHERE ended_at IS NULL AND billed_until <= ?"
                + " AND project_id = ?", r -> Database.str(r, "id"), now, projectId);
        int made = 0;
        for (String lease : due) {
            made += db.inTx(tx -> accrueLease(sql(tx), lease, now));
        }
        return made;
    }

    private int accrueLease(Sql tx, String leaseId, long now) {
        Map<String, Object> lease = tx.one("SELECT * FROM number_leases WHERE id = ?", leaseId).orElseThrow();
        if (lease.get("ended_at") != null) {
            return 0;
        }
        long started = ((Number) lease.get("started_at")).longValue();
        long billedUntil = ((Number) lease.get("billed_until")).longValue();
        Money fee = new Money(((Number) lease.get("monthly_fee")).longValue(), ((String) lease.get("currency")).trim());
        String e164 = (String) lease.get("e164");
        String project = (String) lease.get("project_id");
        int made = 0;
        int month = monthsBetween(started, billedUntil);
        while (billedUntil <= now) {
            long next = monthStart(started, month + 1);
            if (tx.update("UPDATE number_leases SET billed_until = ? WHERE id = ? AND billed_until = ?",
                    next, leaseId, billedUntil) == 0) {
                return made; // another instance is accruing this lease
            }
            charge(tx, project, leaseId, e164, "monthly", "Monthly lease of " + e164, fee, billedUntil, next);
            billedUntil = next;
            month++;
            made++;
        }
        return made;
    }

    public Statement charges(String projectId, String cursor, int limit) {
        List<Charge> rows = cursor == null
                ? Database.list(db.exec(), "SELECT * FROM charges WHERE project_id = ? ORDER BY id DESC LIMIT ?",
                Billing::row, projectId, limit + 1)
                : Database.list(db.exec(), "SELECT * FROM charges WHERE project_id = ? AND id < ? ORDER BY id DESC"
                + " LIMIT ?", Billing::row, projectId, cursor, limit + 1);
        Page<Charge> page = Page.of(rows, limit, Charge::id);
        Map<String, Long> totals = new LinkedHashMap<>();
        Database.list(db.exec(), "SELECT currency, SUM(amount) AS total FROM charges WHERE project_id = ?"
                        + " GROUP BY currency ORDER BY currency", r -> Map.entry(Database.str(r, "currency"),
                        Database.lng(r, "total")), projectId)
                .forEach(e -> totals.put(e.getKey(), e.getValue()));
        return new Statement(new ArrayList<>(page.data()), page.nextCursor(), totals);
    }

    /**
     * Charges one use of the platform (an approved OTP, a registration fee, a rated segment or minute) inside the
     * caller's transaction. {@code source} is the id of what is charged (an otp_…, a brand_…, a message id); with
     * {@code kind} and {@code at} it is the charge's identity, so charging the same thing twice (a redelivered report,
     * a retried request) is refused by {@code charges_once} instead of charging twice: callers treat a duplicate as
     * already charged ({@link #usageOnce}). {@code e164} is the number concerned, or "" when none is.
     */
    public void usage(DbExecute tx, String projectId, String source, String e164, String kind, String description,
                      Money amount, long at) {
        charge(sql(tx), projectId, source, e164, kind, description, amount, at, at);
    }

    /** {@link #usage}, unless that source was charged for that kind at that instant already. Returns whether it charged. */
    public boolean usageOnce(DbExecute tx, String projectId, String source, String e164, String kind,
                             String description, Money amount, long at) {
        return usageOnce(sql(tx), projectId, source, e164, kind, description, amount, at);
    }

    /**
     * {@link #usageOnce} on a JDBC transaction, for callers whose transaction also writes the webhook outbox (an OTP
     * approval and its {@code otp.approved} event commit with the charge).
     */
    public boolean usageOnce(Connection tx, String projectId, String source, String e164, String kind,
                             String description, Money amount, long at) {
        return usageOnce(sql(tx), projectId, source, e164, kind, description, amount, at);
    }

    private boolean usageOnce(Sql tx, String projectId, String source, String e164, String kind, String description,
                              Money amount, long at) {
        if (tx.one("SELECT id FROM charges WHERE lease_id = ? AND kind = ? AND period_start = ?", source, kind, at)
                .isPresent()) {
            return false;
        }
        charge(tx, projectId, source, e164, kind, description, amount, at, at);
        return true;
    }

    private void charge(Sql tx, String projectId, String lease, String e164, String kind, String description,
                        Money amount, long periodStart, long periodEnd) {
        tx.update("INSERT INTO charges (id, project_id, lease_id, e164, kind, description, amount, currency,"
                        + " period_start, period_end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ids.next("chg"), projectId, lease, e164, kind, description, amount.amount(), amount.currency(),
                periodStart, periodEnd, clock.millis());
    }

    /**
     * The ledger's statements on either kind of transaction the callers hold: a DbClient one (numbers, SMS) or a
     * JDBC one that also carries webhook events (porting). Rows come back as column → value maps.
     */
    private interface Sql {
        long update(String sql, Object... params);

        Optional<Map<String, Object>> one(String sql, Object... params);
    }

    private static Sql sql(DbExecute tx) {
        return new Sql() {
            @Override
            public long update(String sql, Object... params) {
                return Database.update(tx, sql, params);
            }

            @Override
            public Optional<Map<String, Object>> one(String sql, Object... params) {
                return Database.one(tx, sql, r -> {
                    Map<String, Object> m = new HashMap<>();
                    r.forEach(c -> m.put(c.name().toLowerCase(java.util.Locale.ROOT), Database.value(r, c.name())));
                    return m;
                }, params);
            }
        };
    }

    private static Sql sql(Connection c) {
        return new Sql() {
            @Override
            public long update(String sql, Object... params) {
                try {
                    return Jdbc.update(c, sql, params);
                } catch (SQLException e) {
                    throw new IllegalStateException("billing: " + e.getMessage(), e);
                }
            }

            @Override
            public Optional<Map<String, Object>> one(String sql, Object... params) {
                try {
                    return Jdbc.queryOne(c, sql, rs -> {
                        Map<String, Object> m = new HashMap<>();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            m.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                        }
                        return m;
                    }, params);
                } catch (SQLException e) {
                    throw new IllegalStateException("billing: " + e.getMessage(), e);
                }
            }
        };
    }

    /** The instant {@code months} calendar months after {@code start}, in UTC. */
    static long monthStart(long start, int months) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(start), ZoneOffset.UTC).plusMonths(months).toInstant()
                .toEpochMilli();
    }

    static int monthsBetween(long start, long end) {
        int m = 0;
        while (monthStart(start, m) < end) {
            m++;
        }
        return m;
    }

    private static Charge row(DbRow r) {
        return new Charge(Database.str(r, "id"), Database.str(r, "project_id"), Database.str(r, "e164"),
                Database.str(r, "kind"), Database.str(r, "description"),
                new Money(Database.lng(r, "amount"), Database.str(r, "currency")),
                Instant.ofEpochMilli(Database.lng(r, "period_start")), Instant.ofEpochMilli(Database.lng(r, "period_end")),
                Instant.ofEpochMilli(Database.lng(r, "created_at")));
    }
}
