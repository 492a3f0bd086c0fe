package dev.cantila.engine.a2p;

import dev.cantila.engine.config.A2pSettings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.storage.Listing;
import dev.cantila.webhooks.storage.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Brands and their secondary vettings. A brand is created PENDING with a review due at once; the {@link Reviewer}
 * moves it to IN_REVIEW and, after {@code cantila.a2p.review.brand}, to APPROVED or FAILED ({@link BrandReview}).
 * A PATCH (only while the brand has no campaign, and not while it is being reviewed) sends it back to PENDING for a
 * new review; a DELETE (only without campaigns) makes it DELETION_PENDING, and the reviewer removes it after the
 * same delay. Every move is a compare-and-set on {@code status} that writes its {@code a2p.brand.*} event (and
 * fee) in the same transaction.
 *
 * <p>{@code project} is the caller's project, or null for the operator (who sees every project's brands).
 */
final class Brands {
    private static final String INSERT = "INSERT INTO a2p_brands (id, project_id, entity_type, company_name,"
            + " display_name, ein, country, vertical, website, email, phone, street, city, state, postal_code,"
            + " stock_symbol, stock_exchange, contact_name, contact_email, contact_phone, status, identity_status,"
            + " review_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " 'PENDING', ?, ?, ?, ?)";
    private static final String UPDATE_FIELDS = "UPDATE a2p_brands SET entity_type = ?, company_name = ?,"
            + " display_name = ?, ein = ?, country = ?, vertical = ?, website = ?, email = ?, phone = ?, street = ?,"
            + " city = ?, state = ?, postal_code = ?, stock_symbol = ?, stock_exchange = ?, contact_name = ?,"
            + " contact_email = ?, contact_phone = ?, status = 'PENDING', identity_status = ?, trust_score = NULL,"
            + " failure_reasons = NULL, review_at = ?, updated_at = ? WHERE id = ? AND status = ?";

    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final A2pEvents events;
    private final A2pSettings settings;
    private final TrustTier.Table tiers;

    Brands(Database db, Clock clock, Ids ids, A2pEvents events, A2pSettings settings) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.events = events;
        this.settings = settings;
        this.tiers = new TrustTier.Table(settings);
    }

    Brand create(String project, BrandInput in) {
        String id = ids.next("brand");
        long now = clock.millis();
        db.inJdbcTx(tx -> {
            Database.update(tx, INSERT, params(id, project, in, in.soleProprietor() ? "SELF_DECLARED" : "UNVERIFIED",
                    now, now, now));
            events.charge(tx, project, id, "brand", "Brand registration " + id, now);
            events.emit(tx, project, "a2p.brand.created", id, Map.of("brandId", id, "status", "PENDING"));
            return null;
        });
        events.committed();
        return get(project, id);
    }

    private static Object[] params(String id, String project, BrandInput in, String identity, long reviewAt,
                                   long created, long updated) {
        return new Object[]{id, project, in.entityType(), in.companyName(), in.displayName(), in.ein(), in.country(),
                in.vertical(), in.website(), in.email(), in.phone(), in.street(), in.city(), in.state(),
                in.postalCode(), in.stockSymbol(), in.stockExchange(), in.contactName(), in.contactEmail(),
                in.contactPhone(), identity, reviewAt, created, updated};
    }

    Brand get(String project, String id) {
        return Database.one(db.exec(), "SELECT * FROM a2p_brands WHERE id = ?" + (project == null ? ""
                        : " AND project_id = ?"), r -> Brand.of(r, tiers), args(id, project))
                .orElseThrow(() -> ApiException.notFound("brand", id));
    }

    Page<Brand> list(String project, String cursor, int limit) {
        return new Listing("SELECT * FROM a2p_brands WHERE 1 = 1").and("project_id = ?", project)
                .page(db.exec(), cursor, limit, r -> Brand.of(r, tiers), Brand::id);
    }

    /** Applies a patch parsed over the stored brand and sends it back to review. */
    Brand patch(String project, String id, java.util.function.UnaryOperator<BrandInput> patch) {
        Brand b = get(project, id);
        requireNoCampaign(b);
        Status from = Status.of(b.status());
        from.require(Status.Kind.BRAND, Status.PENDING, id);
        BrandInput in = patch.apply(b.input());
        long now = clock.millis();
        db.inJdbcTx(tx -> {
            Object[] p = params(id, b.projectId(), in, in.soleProprietor() ? "SELF_DECLARED" : "UNVERIFIED", now, 0, now);
            Object[] set = new Object[p.length - 3 + 2];
            System.arraycopy(p, 2, set, 0, 19); // entity_type .. identity
            set[19] = now;
            set[20] = now;
            set[21] = id;
            set[22] = from.name();
            moved(Database.update(tx, UPDATE_FIELDS, set), id);
            events.emit(tx, b.projectId(), "a2p.brand.updated", id, Map.of("brandId", id, "status", "PENDING"));
            return null;
        });
        events.committed();
        return get(project, id);
    }

    Brand delete(String project, String id) {
        Brand b = get(project, id);
        requireNoCampaign(b);
        Status from = Status.of(b.status());
        from.require(Status.Kind.BRAND, Status.DELETION_PENDING, id);
        long now = clock.millis();
        db.inJdbcTx(tx -> {
            moved(Database.update(tx, "UPDATE a2p_brands SET status = 'DELETION_PENDING', review_at = ?, updated_at = ?"
                    + " WHERE id = ? AND status = ?", now + settings.review("brand").toMillis(), now, id, from.name()), id);
            events.emit(tx, b.projectId(), "a2p.brand.deletion_pending", id, Map.of("brandId", id,
                    "status", "DELETION_PENDING"));
            return null;
        });
        events.committed();
        return get(project, id);
    }

    /**
     * The registry suspends an APPROVED brand ({@code reason}: a code of {@link BrandReview#SUSPENSIONS}): its
     * numbers stop counting as registered at send time. {@code a2p.brand.suspended} in the move's transaction.
     */
    Brand suspend(String id, String reason) {
        return registryMove(id, Status.SUSPENDED, reason, "a2p.brand.suspended");
    }

    /** The registry lifts a suspension: SUSPENDED back to APPROVED, {@code a2p.brand.reinstated}. */
    Brand reinstate(String id) {
        return registryMove(id, Status.APPROVED, null, "a2p.brand.reinstated");
    }

    /** A move the registry makes on its own (operator only): compare-and-set, the event in the same transaction. */
    private Brand registryMove(String id, Status to, String reason, String event) {
        Brand b = get(null, id);
        Status from = Status.of(b.status());
        from.require(Status.Kind.BRAND, to, id);
        long now = clock.millis();
        db.inJdbcTx(tx -> {
            moved(Database.update(tx, "UPDATE a2p_brands SET status = ?, failure_reasons = ?, review_at = NULL,"
                    + " updated_at = ? WHERE id = ? AND status = ?", to.name(), reason, now, id, from.name()), id);
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("brandId", id);
            data.put("status", to.name());
            if (reason != null) {
                data.put("reason", reason);
            }
            events.emit(tx, b.projectId(), event, id, data);
            return null;
        });
        events.committed();
        return get(null, id);
    }

    private void requireNoCampaign(Brand b) {
        if (Database.one(db.exec(), "SELECT id FROM a2p_campaigns WHERE brand_id = ? LIMIT 1", r -> r, b.id())
                .isPresent()) {
            throw ApiException.conflict("brand_has_campaigns", "brand " + b.id() + " has campaigns: delete them first;"
                    + " a brand with campaigns cannot be changed or deleted");
        }
    }

    static void moved(int rows, String id) {
        if (rows != 1) {
            throw ApiException.conflict("concurrent_change", id + " changed meanwhile; read it again and retry");
        }
    }

    /** One reviewer step on brand {@code id}, if it is due at {@code now}. Returns whether it moved. */
    boolean step(String id, long now) {
        Brand b = Database.one(db.exec(), "SELECT * FROM a2p_brands WHERE id = ? AND review_at <= ?",
                r -> Brand.of(r, tiers), id, now).orElse(null);
        if (b == null) {
            return false;
        }
        boolean moved = db.inJdbcTx(tx -> switch (Status.of(b.status())) {
            case PENDING -> move(tx, b, Status.IN_REVIEW, now, "UPDATE a2p_brands SET status = 'IN_REVIEW',"
                    + " review_at = ?, updated_at = ? WHERE id = ? AND status = 'PENDING'",
                    now + settings.review("brand").toMillis(), now, id);
            case IN_REVIEW -> decide(tx, b, now);
            case DELETION_PENDING -> {
                int n = Database.update(tx, "DELETE FROM a2p_brands WHERE id = ? AND status = 'DELETION_PENDING'", id);
                Database.update(tx, "DELETE FROM a2p_vettings WHERE brand_id = ?", id);
                if (n == 1) {
                    events.emit(tx, b.projectId(), "a2p.brand.deleted", id, Map.of("brandId", id));
                }
                yield n == 1;
            }
            default -> Database.update(tx, "UPDATE a2p_brands SET review_at = NULL WHERE id = ?", id) < 0;
        });
        if (moved) {
            events.committed();
        }
        return moved;
    }

    private boolean decide(Connection tx, Brand b, long now) throws SQLException {
        BrandReview.Outcome o = BrandReview.review(b.input());
        return move(tx, b, o.status(), now, "UPDATE a2p_brands SET status = ?, identity_status = ?, trust_score = ?,"
                        + " failure_reasons = ?, review_at = NULL, updated_at = ? WHERE id = ? AND status = 'IN_REVIEW'",
                o.status().name(), o.identityStatus(), o.trustScore(),
                o.reasons().isEmpty() ? null : String.join(" ", o.reasons()), now, b.id());
    }

    private boolean move(Connection tx, Brand b, Status to, long now, String sql, Object... args) throws SQLException {
        Status.of(b.status()).require(Status.Kind.BRAND, to, b.id());
        if (Jdbc.update(tx, sql, args) != 1) {
            return false;
        }
        events.emit(tx, b.projectId(), "a2p.brand." + to.name().toLowerCase(java.util.Locale.ROOT), b.id(),
                Map.of("brandId", b.id(), "status", to.name()));
        return true;
    }

    /** Brands with a reviewer step due at {@code now}. */
    List<String> due(long now) {
        return Database.list(db.exec(), "SELECT id FROM a2p_brands WHERE review_at <= ? ORDER BY review_at LIMIT 100",
                r -> Database.str(r, "id"), now);
    }

    private static Object[] args(String id, String project) {
        return project == null ? new Object[]{id} : new Object[]{id, project};
    }
}
