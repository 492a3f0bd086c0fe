package dev.cantila.engine.a2p;

import dev.cantila.engine.config.A2pSettings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.numbers.HeldNumber;
import dev.cantila.engine.numbers.Numbers;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.storage.Listing;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Toll-free verifications, one per toll-free number the project holds: PENDING, IN_REVIEW at the reviewer's next
 * pass, then after {@code cantila.a2p.review.tollfree} APPROVED or REJECTED with reasons ({@link TollFreeReview}).
 * A REJECTED (or any) verification can be deleted and the number submitted again; each submission is charged the
 * toll-free verification fee.
 */
final class TollFree {
    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final A2pEvents events;
    private final A2pSettings settings;
    private final Numbers numbers;

    TollFree(Database db, Clock clock, Ids ids, A2pEvents events, A2pSettings settings, Numbers numbers) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.events = events;
        this.settings = settings;
        this.numbers = numbers;
    }

    record Verification(String id, String projectId, String e164, String businessName, String website, String email,
                        String phone, String useCase, String messageVolume, String optInType,
                        List<String> optInImageUrls, List<String> samples, String status,
                        List<Brand.Reason> rejectionReasons, Instant createdAt, Instant updatedAt) {
        TollFreeReview.Input input() {
            return new TollFreeReview.Input(e164, businessName, website, email, phone, useCase, messageVolume,
                    optInType, optInImageUrls, samples);
        }
    }

    Verification create(String project, TollFreeReview.Input in) {
        HeldNumber n = numbers.held(project, in.e164()).orElseThrow(() -> ApiException.unprocessable(
                "number_not_held", in.e164() + " is not a number of project " + project, "e164"));
        if (!n.numberType().equals("tollfree")) {
            throw ApiException.unprocessable("not_tollfree_number", in.e164() + " is a " + n.numberType()
                    + " number; toll-free verification is for toll-free numbers (local numbers: campaigns)", "e164");
        }
        String id = ids.next("tfv");
        long now = clock.millis();
        try {
            db.inJdbcTx(tx -> {
                Database.update(tx, "INSERT INTO a2p_tollfree (id, project_id, e164, business_name, website, email,"
                        + " phone, use_case, message_volume, opt_in_type, opt_in_image_urls, status, review_at,"
                        + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)", id,
                        project, in.e164(), in.businessName(), in.website(), in.email(), in.phone(), in.useCase(),
                        in.messageVolume(), in.optInType(), in.optInImageUrls().isEmpty() ? null
                                : String.join("\n", in.optInImageUrls()), now, now, now);
                Campaigns.samples(tx, id, in.samples());
                events.charge(tx, project, id, "tollfree", "Toll-free verification of " + in.e164(), now);
                events.emit(tx, project, "a2p.tollfree.created", id, data(id, in.e164(), "PENDING", List.of()));
                return null;
            });
        } catch (RuntimeException e) {
            if (Database.isUniqueViolation(e)) {
                throw ApiException.conflict("tollfree_exists", in.e164() + " already has a verification; DELETE it to"
                        + " submit again");
            }
            throw e;
        }
        events.committed();
        return get(project, id);
    }

    Verification get(String project, String id) {
        return Database.one(db.exec(), "SELECT * FROM a2p_tollfree WHERE id = ?" + (project == null ? ""
                        : " AND project_id = ?"), this::row, project == null ? new Object[]{id}
                        : new Object[]{id, project})
                .orElseThrow(() -> ApiException.notFound("toll-free verification", id));
    }

    Page<Verification> list(String project, String cursor, int limit) {
        return new Listing("SELECT * FROM a2p_tollfree WHERE 1 = 1").and("project_id = ?", project)
                .page(db.exec(), cursor, limit, this::row, Verification::id);
    }

    void delete(String project, String id) {
        Verification v = get(project, id);
        db.inJdbcTx(tx -> {
            Brands.moved(Database.update(tx, "DELETE FROM a2p_tollfree WHERE id = ?", id), id);
            Database.update(tx, "DELETE FROM a2p_samples WHERE owner_id = ?", id);
            events.emit(tx, v.projectId(), "a2p.tollfree.deleted", id, data(id, v.e164(), "DELETED", List.of()));
            return null;
        });
        events.committed();
    }

    List<String> due(long now) {
        return Database.list(db.exec(), "SELECT id FROM a2p_tollfree WHERE review_at <= ? ORDER BY review_at LIMIT 100",
                r -> Database.str(r, "id"), now);
    }

    boolean step(String id, long now) {
        Verification v = get(null, id);
        Status from = Status.of(v.status());
        List<String> reasons = from == Status.IN_REVIEW ? TollFreeReview.review(v.input()) : List.of();
        Status to = from == Status.PENDING ? Status.IN_REVIEW : reasons.isEmpty() ? Status.APPROVED : Status.REJECTED;
        from.require(Status.Kind.TOLLFREE, to, id);
        boolean moved = db.inJdbcTx(tx -> {
            if (Database.update(tx, "UPDATE a2p_tollfree SET status = ?, rejection_reasons = ?, review_at = ?,"
                    + " updated_at = ? WHERE id = ? AND status = ?", to.name(),
                    reasons.isEmpty() ? null : String.join(" ", reasons),
                    to == Status.IN_REVIEW ? now + settings.review("tollfree").toMillis() : null, now, id,
                    from.name()) != 1) {
                return false;
            }
            events.emit(tx, v.projectId(), "a2p.tollfree." + to.name().toLowerCase(java.util.Locale.ROOT), id,
                    data(id, v.e164(), to.name(), reasons));
            return true;
        });
        if (moved) {
            events.committed();
        }
        return moved;
    }

    private static Map<String, Object> data(String id, String e164, String status, List<String> reasons) {
        return Map.of("verificationId", id, "e164", e164, "status", status, "rejectionReasons", reasons);
    }

    private Verification row(DbRow r) {
        String urls = Database.str(r, "opt_in_image_urls");
        String id = Database.str(r, "id");
        return new Verification(id, Database.str(r, "project_id"), Database.str(r, "e164"),
                Database.str(r, "business_name"), Database.str(r, "website"), Database.str(r, "email"),
                Database.str(r, "phone"), Database.str(r, "use_case"), Database.str(r, "message_volume"),
                Database.str(r, "opt_in_type"), urls == null ? List.of() : List.of(urls.split("\n")),
                Campaigns.samples(db, id), Database.str(r, "status"),
                Brand.reasons(Database.str(r, "rejection_reasons"), TollFreeReview::explain),
                Instant.ofEpochMilli(Database.lng(r, "created_at")), Instant.ofEpochMilli(Database.lng(r, "updated_at")));
    }
}
