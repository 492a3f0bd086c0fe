package dev.cantila.engine.numbers;

import dev.cantila.engine.billing.Billing;
import dev.cantila.engine.config.NumbersSettings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Money;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.cantila.webhooks.storage.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The number marketplace: search the catalog, buy, list and release. Catalog and held numbers are one table;
 * a purchase is a compare-and-set {@code available → held} on the row, so of concurrent buyers of one number
 * exactly one wins (on H2 and PostgreSQL alike) and the others get 409 {@code number_unavailable}. Buying and
 * releasing open and end the number's lease in the billing ledger in the same transaction.
 */
public final class Numbers {
    public static final Set<String> COUNTRIES = Set.of("US", "CA", "GB");
    public static final Set<String> TYPES = Set.of("local", "mobile", "tollfree");
    public static final Set<String> CAPABILITIES = Set.of("sms", "voice", "mms");

    private final Database db;
    private final Clock clock;
    private final Billing billing;
    private final NumbersSettings settings;
    private final List<ReleaseListener> releaseListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Numbers(Database db, Clock clock, Billing billing, NumbersSettings settings) {
        this.db = db;
        this.clock = clock;
        this.billing = billing;
        this.settings = settings;
    }

    /** Catalog filters; null fields do not filter. */
    public record Search(String country, String areaCode, String type, String contains, String capability) {
        public Search {
            country = country == null ? null : country.toUpperCase(Locale.ROOT);
            if (country != null && !COUNTRIES.contains(country)) {
                throw ApiException.invalid("country", "country must be one of " + COUNTRIES + ", got " + country);
            }
            if (type != null && !TYPES.contains(type)) {
                throw ApiException.invalid("type", "type must be one of " + TYPES + ", got " + type);
            }
            if (capability != null && !CAPABILITIES.contains(capability)) {
                throw ApiException.invalid("capability", "capability must be one of " + CAPABILITIES + ", got "
                        + capability);
            }
            if (areaCode != null && !areaCode.matches("\\d{1,5}")) {
                throw ApiException.invalid("areaCode", "areaCode must be 1-5 digits, got " + areaCode);
            }
            if (contains != null && !contains.matches("\\d{1,10}")) {
                throw ApiException.invalid("contains", "contains must be 1-10 digits, got " + contains);
            }
        }
    }

    public Page<CatalogNumber> catalog(Search s, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM numbers WHERE status = 'available'");
        List<Object> params = new ArrayList<>();
        filter(sql, params, "country = ?", s.country());
        filter(sql, params, "area_code = ?", s.areaCode());
        filter(sql, params, "number_type = ?", s.type());
        filter(sql, params, "e164 LIKE ?", s.contains() == null ? null : "%" + s.contains() + "%");
        if (s.capability() != null) {
            sql.append(" AND cap_").append(s.capability()).append(" = TRUE"); // validated against CAPABILITIES
        }
        filter(sql, params, "e164 > ?", cursor);
        sql.append(" ORDER BY e164 LIMIT ?");
        params.add(limit + 1);
        List<CatalogNumber> rows = Database.list(db.exec(), sql.toString(), Numbers::row, params.toArray());
        return Page.of(rows, limit, CatalogNumber::e164);
    }

    /** Held numbers, of one project or (operator, {@code projectId} null) of all. */
    public Page<CatalogNumber> held(String projectId, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM numbers WHERE status = 'held'");
        List<Object> params = new ArrayList<>();
        filter(sql, params, "project_id = ?", projectId);
        filter(sql, params, "e164 > ?", cursor);
        sql.append(" ORDER BY e164 LIMIT ?");
        params.add(limit + 1);
        return Page.of(Database.list(db.exec(), sql.toString(), Numbers::row, params.toArray()), limit,
                CatalogNumber::e164);
    }

    public CatalogNumber get(String e164) {
        return Database.one(db.exec(), "SELECT * FROM numbers WHERE e164 = ?", Numbers::row, e164)
                .orElseThrow(() -> ApiException.notFound("number", e164));
    }

    /** {@code e164} if {@code projectId} holds it. */
    public Optional<HeldNumber> held(String projectId, String e164) {
        return Database.one(db.exec(), "SELECT * FROM numbers WHERE e164 = ? AND project_id = ? AND status = 'held'",
                Numbers::heldNumber, e164, projectId);
    }

    public CatalogNumber purchase(String projectId, String e164) {
        db.inTx(tx -> {
            purchase(tx, projectId, e164);
            return null;
        });
        return get(e164);
    }

    /** Buys the first available number matching country, type and (optionally) area code. */
    public CatalogNumber purchaseFirst(String projectId, Search s) {
        for (int attempt = 0; attempt < 5; attempt++) {
            CatalogNumber candidate = catalog(s, null, 1).data().stream().findFirst().orElseThrow(() ->
                    ApiException.conflict("no_numbers_available", "no available " + (s.type() == null ? "" : s.type() + " ")
                            + "numbers in " + s.country() + (s.areaCode() == null ? "" : " area code " + s.areaCode())));
            try {
                return purchase(projectId, candidate.e164());
            } catch (ApiException e) {
                if (!"number_unavailable".equals(e.code())) {
                    throw e;
                }
                // another buyer took it between the search and the purchase: take the next one
            }
        }
        throw ApiException.conflict("no_numbers_available", "numbers are being bought too fast; try again");
    }

    /** Inside a caller's transaction: {@code available → held} by compare-and-set, then open the lease. */
    void purchase(DbExecute tx, String projectId, String e164) {
        long now = clock.millis();
        DbRow row = Database.one(tx, "SELECT * FROM numbers WHERE e164 = ?", r -> r, e164)
                .orElseThrow(() -> ApiException.notFound("number", e164));
        if (Database.update(tx, "UPDATE numbers SET status = 'held', project_id = ?, acquired_at = ?"
                + " WHERE e164 = ? AND status = 'available'", projectId, now, e164) == 0) {
            throw ApiException.conflict("number_unavailable", e164 + " is not available");
        }
        String currency = Database.str(row, "currency");
        String lease = billing.openLease(tx, projectId, e164, new Money(Database.lng(row, "setup_fee"), currency),
                new Money(Database.lng(row, "monthly_fee"), currency), now);
        Database.update(tx, "UPDATE numbers SET lease_id = ? WHERE e164 = ?", lease, e164);
    }

    /**
     * Inside a caller's transaction: into aging (out of the catalog until {@code cantila.numbers.aging} has passed,
     * reclaimable by {@code projectId} meanwhile), lease ended, listeners told. 404 unless {@code projectId} holds
     * it. Returns what the listeners want done once the transaction has committed.
     */
    List<Runnable> release(DbExecute tx, String projectId, String e164) {
        String lease = Database.one(tx, "SELECT lease_id FROM numbers WHERE e164 = ? AND project_id = ?"
                        + " AND status = 'held'", r -> Database.str(r, "lease_id"), e164, projectId)
                .orElseThrow(() -> ApiException.notFound("held number", e164));
        // conditional on what was read: a concurrent release (and a purchase by someone else after it) wins
        long now = clock.millis();
        if (Database.update(tx, "UPDATE numbers SET status = 'aging', project_id = NULL, lease_id = NULL,"
                + " acquired_at = NULL, port_out_pin_hash = NULL, aging_until = ?, released_by = ? WHERE e164 = ?"
                + " AND project_id = ? AND status = 'held' AND lease_id = ?", now + settings.aging().toMillis(),
                projectId, e164, projectId, lease) == 0) {
            throw ApiException.notFound("held number", e164);
        }
        billing.endLease(tx, lease, now);
        return gone(tx, projectId, e164, "the sending number was released");
    }

    /** Tells the listeners that {@code projectId} no longer sends from {@code e164}, and why. */
    List<Runnable> gone(DbExecute tx, String projectId, String e164, String why) {
        Database.update(tx, "DELETE FROM number_routing WHERE e164 = ? AND project_id = ?", e164, projectId);
        return releaseListeners.stream().map(l -> l.released(tx, projectId, e164, why)).toList();
    }

    /**
     * Takes back a number {@code projectId} released and that is still aging: held again, a new lease with the first
     * month charged and no setup fee. 404 when it is not aging for that project (another's, aged out, or never).
     */
    public CatalogNumber reclaim(String projectId, String e164) {
        db.inTx(tx -> {
            long now = clock.millis();
            DbRow row = Database.one(tx, "SELECT * FROM numbers WHERE e164 = ? AND status = 'aging' AND released_by = ?"
                    + " AND aging_until > ?", r -> r, e164, projectId, now)
                    .orElseThrow(() -> ApiException.notFound("aging number released by " + projectId, e164));
            if (Database.update(tx, "UPDATE numbers SET status = 'held', project_id = ?, acquired_at = ?,"
                    + " aging_until = NULL, released_by = NULL WHERE e164 = ? AND status = 'aging' AND released_by = ?",
                    projectId, now, e164, projectId) == 0) {
                throw ApiException.notFound("aging number released by " + projectId, e164);
            }
            String currency = Database.str(row, "currency");
            String lease = billing.openLease(tx, projectId, e164, null, new Money(Database.lng(row, "monthly_fee"),
                    currency), now);
            return Database.update(tx, "UPDATE numbers SET lease_id = ? WHERE e164 = ?", lease, e164);
        });
        return get(e164);
    }

    /** The project that released {@code e164}, while it ages; 404 otherwise. */
    public String releasedBy(String e164) {
        return Database.one(db.exec(), "SELECT released_by FROM numbers WHERE e164 = ? AND status = 'aging'",
                r -> Database.str(r, "released_by"), e164).orElseThrow(() -> ApiException.notFound("aging number", e164));
    }

    /** Puts the numbers whose aging has passed back in the catalog; returns how many. */
    public long returnAged() {
        return Database.update(db.exec(), "UPDATE numbers SET status = 'available', aging_until = NULL,"
                + " released_by = NULL WHERE status = 'aging' AND aging_until <= ?", clock.millis());
    }

    /**
     * Told, inside the release (or transfer) transaction, that a project no longer holds a number, with a reason for
     * what is canceled because of it; returns what to do after the transaction commits (announce canceled messages).
     */
    public interface ReleaseListener {
        Runnable released(DbExecute tx, String projectId, String e164, String why);
    }

    public void onRelease(ReleaseListener listener) {
        releaseListeners.add(listener);
    }

    /**
     * Releases a held number. A number carrying the project's SMS activation is refused with 409
     * {@code number_in_use}: deactivating SMS releases it and also removes the environment variables.
     */
    public void release(String projectId, String e164) {
        db.inTx(tx -> {
            if (Database.one(tx, "SELECT 1 AS x FROM sms_activations WHERE e164 = ?", r -> true, e164).isPresent()) {
                throw ApiException.conflict("number_in_use", e164 + " is the project's SMS number: POST /v1/projects/"
                        + projectId + "/sms/deactivate to release it");
            }
            return release(tx, projectId, e164);
        }).forEach(Runnable::run);
    }

    /**
     * Inside a port-in's completing transaction: {@code e164} becomes held by {@code projectId}, priced and capable
     * as the catalog's numbers of its country and type, with no setup fee, the first month charged, and no routing.
     */
    public void holdPorted(Connection c, String projectId, String e164, String country, String type, long at)
            throws SQLException {
        Object[] like = Jdbc.queryOne(c, "SELECT cap_sms, cap_voice, cap_mms, monthly_fee, currency FROM numbers"
                + " WHERE country = ? AND number_type IN (?, 'local') ORDER BY CASE WHEN number_type = ? THEN 0 ELSE 1"
                + " END, e164 LIMIT 1", rs -> new Object[]{rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3),
                rs.getLong(4), rs.getString(5).trim()}, country, type, type)
                .orElse(new Object[]{true, true, false, 0L, "USD"});
        Jdbc.update(c, "INSERT INTO numbers (e164, country, area_code, number_type, cap_sms, cap_voice, cap_mms,"
                + " setup_fee, monthly_fee, currency, status, project_id, acquired_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?,"
                + " ?, 'held', ?, ?)", e164, country, areaCode(e164), type, like[0], like[1], like[2], like[3], like[4],
                projectId, at);
        String lease = billing.openLease(c, projectId, e164, null, new Money((Long) like[3], (String) like[4]), at);
        Jdbc.update(c, "UPDATE numbers SET lease_id = ? WHERE e164 = ?", lease, e164);
        Jdbc.update(c, "DELETE FROM number_routing WHERE e164 = ?", e164);
    }

    /** The area code (NANP) or national destination code of an E.164 number. */
    static String areaCode(String e164) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            Phonenumber.PhoneNumber n = util.parse(e164, null);
            String national = util.getNationalSignificantNumber(n);
            int len = util.getLengthOfNationalDestinationCode(n);
            return national.substring(0, Math.min(national.length(), len > 0 ? Math.min(len, 8) : 3));
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("not an E.164 number: " + e164, e);
        }
    }

    private static void filter(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            params.add(value);
        }
    }

    static CatalogNumber row(DbRow r) {
        String currency = Database.str(r, "currency");
        Long acquired = Database.nullableLong(r, "acquired_at");
        return new CatalogNumber(Database.str(r, "e164"), Database.str(r, "country"), Database.str(r, "area_code"),
                Database.str(r, "number_type"), new CatalogNumber.Capabilities(Database.bool(r, "cap_sms"),
                Database.bool(r, "cap_voice"), Database.bool(r, "cap_mms")),
                new Money(Database.lng(r, "setup_fee"), currency), new Money(Database.lng(r, "monthly_fee"), currency),
                Database.str(r, "status"), Database.str(r, "project_id"),
                acquired == null ? null : Instant.ofEpochMilli(acquired));
    }

    static HeldNumber heldNumber(DbRow r) {
        return new HeldNumber(Database.str(r, "e164"), Database.str(r, "project_id"), Database.str(r, "country"),
                Database.str(r, "number_type"), Database.bool(r, "cap_sms"), Database.bool(r, "cap_voice"),
                Database.bool(r, "cap_mms"));
    }
}
