package dev.cantila.engine.billing;

import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Money;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

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
        String lease = ids.next("lease");
        long monthEnd = monthStart(at, 1);
        Database.update(tx, "INSERT INTO number_leases (id, e164, project_id, monthly_fee, currency, started_at,"
                + " billed_until) VALUES (?, ?, ?, ?, ?, ?, ?)", lease, e164, projectId, monthlyFee.amount(),
                monthlyFee.currency(), at, monthEnd);
        charge(tx, projectId, lease, e164, "setup", "Setup fee for " + e164, setupFee, at, at);
        charge(tx, projectId, lease, e164, "monthly", "Monthly lease of " + e164, monthlyFee, at, monthEnd);
        return lease;
    }

    /** Ends a lease inside the release transaction, after charging any month that started before {@code at}. */
    public void endLease(DbExecute tx, String leaseId, long at) {
        accrueLease(tx, leaseId, at);
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
            made += db.inTx(tx -> accrueLease(tx, lease, now));
        }
        return made;
    }

    private int accrueLease(DbExecute tx, String leaseId, long now) {
        DbRow lease = Database.one(tx, "SELECT * FROM number_leases WHERE id = ?", r -> r, leaseId).orElseThrow();
        if (Database.nullableLong(lease, "ended_at") != null) {
            return 0;
        }
        long started = Database.lng(lease, "started_at");
        long billedUntil = Database.lng(lease, "billed_until");
        Money fee = new Money(Database.lng(lease, "monthly_fee"), Database.str(lease, "currency"));
        String e164 = Database.str(lease, "e164");
        String project = Database.str(lease, "project_id");
        int made = 0;
        int month = monthsBetween(started, billedUntil);
        while (billedUntil <= now) {
            long next = monthStart(started, month + 1);
            if (Database.update(tx, "UPDATE number_leases SET billed_until = ? WHERE id = ? AND billed_until = ?",
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
        charge(tx, projectId, source, e164, kind, description, amount, at, at);
    }

    /** {@link #usage}, unless that source was charged for that kind at that instant already. Returns whether it charged. */
    public boolean usageOnce(DbExecute tx, String projectId, String source, String e164, String kind,
                             String description, Money amount, long at) {
        if (Database.one(tx, "SELECT id FROM charges WHERE lease_id = ? AND kind = ? AND period_start = ?",
                r -> Database.str(r, "id"), source, kind, at).isPresent()) {
            return false;
        }
        usage(tx, projectId, source, e164, kind, description, amount, at);
        return true;
    }

    /**
     * {@link #usageOnce} inside a JDBC transaction (one that also writes webhook events, whose outbox takes a
     * {@link java.sql.Connection}).
     */
    public boolean usageOnce(java.sql.Connection tx, String projectId, String source, String e164, String kind,
                             String description, Money amount, long at) throws java.sql.SQLException {
        if (Database.one(tx, "SELECT id FROM charges WHERE lease_id = ? AND kind = ? AND period_start = ?",
                r -> r.apply("id"), source, kind, at).isPresent()) {
            return false;
        }
        Database.update(tx, "INSERT INTO charges (id, project_id, lease_id, e164, kind, description, amount, currency,"
                        + " period_start, period_end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ids.next("chg"), projectId, source, e164, kind, description, amount.amount(), amount.currency(),
                at, at, clock.millis());
        return true;
    }

    private void charge(DbExecute tx, String projectId, String lease, String e164, String kind, String description,
                        Money amount, long periodStart, long periodEnd) {
        Database.update(tx, "INSERT INTO charges (id, project_id, lease_id, e164, kind, description, amount, currency,"
                        + " period_start, period_end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ids.next("chg"), projectId, lease, e164, kind, description, amount.amount(), amount.currency(),
                periodStart, periodEnd, clock.millis());
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
