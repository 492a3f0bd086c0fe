package dev.cantila.engine.a2p;

import dev.cantila.engine.config.A2pSettings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Secondary vettings of approved brands (not sole proprietors): PENDING, then after
 * {@code cantila.a2p.review.vetting} COMPLETED with a score ({@link BrandReview#vetted}); completing raises the
 * brand's trust score to it (never lowers it) and its identity to VETTED_VERIFIED, in the same transaction as the
 * {@code a2p.brand.vetting_completed} event. Each vetting is charged the vetting fee.
 */
final class Vettings {
    static final Set<String> PROVIDERS = Set.of("AEGIS", "WMC", "CV");

    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final A2pEvents events;
    private final A2pSettings settings;

    Vettings(Database db, Clock clock, Ids ids, A2pEvents events, A2pSettings settings) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.events = events;
        this.settings = settings;
    }

    record Vetting(String id, String brandId, String provider, String status, Integer score, Instant createdAt,
                   Instant updatedAt) {
    }

    Vetting create(Brand b, String provider) {
        if (b.entityType().equals("SOLE_PROPRIETOR")) {
            throw ApiException.conflict("sole_proprietor_limit", "sole proprietor brands cannot be vetted");
        }
        if (!b.status().equals("APPROVED")) {
            throw ApiException.conflict("brand_not_approved", "brand " + b.id() + " is " + b.status()
                    + "; only an APPROVED brand can be vetted");
        }
        String id = ids.next("vet");
        long now = clock.millis();
        db.inJdbcTx(tx -> {
            Database.update(tx, "INSERT INTO a2p_vettings (id, brand_id, project_id, provider, status, review_at,"
                    + " created_at, updated_at) VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?)", id, b.id(), b.projectId(),
                    provider, now + settings.review("vetting").toMillis(), now, now);
            events.charge(tx, b.projectId(), id, "vetting", "Secondary vetting (" + provider + ") of " + b.id(), now);
            return null;
        });
        return get(id);
    }

    List<Vetting> list(String brandId) {
        return Database.list(db.exec(), "SELECT * FROM a2p_vettings WHERE brand_id = ? ORDER BY id DESC",
                Vettings::vetting, brandId);
    }

    private Vetting get(String id) {
        return Database.one(db.exec(), "SELECT * FROM a2p_vettings WHERE id = ?", Vettings::vetting, id).orElseThrow();
    }

    List<String> due(long now) {
        return Database.list(db.exec(), "SELECT id FROM a2p_vettings WHERE review_at <= ? ORDER BY review_at LIMIT 100",
                r -> Database.str(r, "id"), now);
    }

    boolean step(String id, long now) {
        Vetting v = get(id);
        Status.of(v.status()).require(Status.Kind.VETTING, Status.COMPLETED, id);
        boolean moved = db.inJdbcTx(tx -> {
            Integer current = Database.one(tx, "SELECT trust_score FROM a2p_brands WHERE id = ? FOR UPDATE",
                    r -> (Number) r.apply("trust_score"), v.brandId()).map(Number::intValue).orElse(null);
            int score = BrandReview.vetted(current);
            if (Database.update(tx, "UPDATE a2p_vettings SET status = 'COMPLETED', score = ?, review_at = NULL,"
                    + " updated_at = ? WHERE id = ? AND status = 'PENDING'", score, now, id) != 1) {
                return false;
            }
            Database.update(tx, "UPDATE a2p_brands SET trust_score = ?, identity_status = 'VETTED_VERIFIED',"
                    + " updated_at = ? WHERE id = ? AND status = 'APPROVED'", score, now, v.brandId());
            String project = Database.one(tx, "SELECT project_id FROM a2p_vettings WHERE id = ?",
                    r -> (String) r.apply("project_id"), id).orElseThrow();
            events.emit(tx, project, "a2p.brand.vetting_completed", v.brandId(), Map.of("brandId", v.brandId(),
                    "vettingId", id, "score", score));
            return true;
        });
        if (moved) {
            events.committed();
        }
        return moved;
    }

    private static Vetting vetting(DbRow r) {
        return new Vetting(Database.str(r, "id"), Database.str(r, "brand_id"), Database.str(r, "provider"),
                Database.str(r, "status"), Database.value(r, "score") == null ? null : Database.integer(r, "score"),
                Instant.ofEpochMilli(Database.lng(r, "created_at")), Instant.ofEpochMilli(Database.lng(r, "updated_at")));
    }
}
