package dev.cantila.engine.billing;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Money;
import dev.cantila.engine.storage.Database;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Monthly invoices, read from the ledger: one per UTC calendar month in which the project has charges, a charge
 * belonging to the month its period starts in (a usage charge: the month it happened; a lease month: the month it
 * starts). Lines group the month's charges by kind, number and currency; totals are per currency, in minor units.
 * The current month's invoice is {@code open} (charges still arrive), earlier ones {@code final}. Invoices hold
 * no state of their own, so the sum of a project's invoices is the sum of its ledger by construction (and a test
 * checks it).
 */
public final class Invoices {
    private final Database db;
    private final Clock clock;
    private final Billing billing;

    public Invoices(Database db, Clock clock, Billing billing) {
        this.db = db;
        this.clock = clock;
        this.billing = billing;
    }

    public record Line(String kind, String e164, long count, Money amount) {
    }

    public record Invoice(String month, String status, List<Line> lines, Map<String, Long> totals) {
    }

    /** Every month with charges, newest first (the ledger accrued to now first). */
    public List<Invoice> list(String projectId) {
        billing.accrue(projectId);
        Long first = Database.one(db.exec(), "SELECT MIN(period_start) AS m FROM charges WHERE project_id = ?",
                r -> Database.nullableLong(r, "m"), projectId).orElse(null);
        List<Invoice> out = new ArrayList<>();
        if (first == null) {
            return out;
        }
        YearMonth now = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        Long last = Database.one(db.exec(), "SELECT MAX(period_start) AS m FROM charges WHERE project_id = ?",
                r -> Database.nullableLong(r, "m"), projectId).orElseThrow();
        YearMonth end = YearMonth.from(java.time.Instant.ofEpochMilli(last).atZone(ZoneOffset.UTC));
        for (YearMonth m = end.isAfter(now) ? end : now; !m.isBefore(month(first)); m = m.minusMonths(1)) {
            Invoice inv = invoice(projectId, m, now);
            if (!inv.lines().isEmpty()) {
                out.add(inv);
            }
        }
        return out;
    }

    /** One month ({@code YYYY-MM}); 404 when it has no charges, 400 when it is not a month. */
    public Invoice get(String projectId, String month) {
        YearMonth m;
        try {
            m = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("month", "month must look like 2026-03, got " + month);
        }
        billing.accrue(projectId);
        Invoice inv = invoice(projectId, m, YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)));
        if (inv.lines().isEmpty()) {
            throw ApiException.notFound("invoice", projectId + "/" + month);
        }
        return inv;
    }

    private Invoice invoice(String projectId, YearMonth m, YearMonth now) {
        long from = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long to = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        List<Line> lines = Database.list(db.exec(), "SELECT kind, e164, currency, COUNT(*) AS n, SUM(amount) AS total"
                + " FROM charges WHERE project_id = ? AND period_start >= ? AND period_start < ?"
                + " GROUP BY kind, e164, currency ORDER BY kind, e164, currency", r -> new Line(Database.str(r, "kind"),
                Database.str(r, "e164"), Database.lng(r, "n"), new Money(Database.lng(r, "total"),
                Database.str(r, "currency").trim())), projectId, from, to);
        Map<String, Long> totals = new LinkedHashMap<>();
        lines.forEach(l -> totals.merge(l.amount().currency(), l.amount().amount(), Long::sum));
        return new Invoice(m.toString(), m.isBefore(now) ? "final" : "open", lines, totals);
    }

    /** The invoice as CSV: one row per line, then one {@code total} row per currency. */
    public static String csv(Invoice inv) {
        StringBuilder b = new StringBuilder("month,status,kind,e164,count,amount_minor,currency\n");
        for (Line l : inv.lines()) {
            b.append(inv.month()).append(',').append(inv.status()).append(',').append(l.kind()).append(',')
                    .append(l.e164()).append(',').append(l.count()).append(',').append(l.amount().amount()).append(',')
                    .append(l.amount().currency()).append('\n');
        }
        inv.totals().forEach((currency, total) -> b.append(inv.month()).append(',').append(inv.status())
                .append(",total,,,").append(total).append(',').append(currency).append('\n'));
        return b.toString();
    }

    private static YearMonth month(long millis) {
        return YearMonth.from(java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
    }
}
