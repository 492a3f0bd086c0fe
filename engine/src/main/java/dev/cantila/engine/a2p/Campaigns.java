package dev.cantila.engine.a2p;

import dev.cantila.engine.config.A2pSettings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Money;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.storage.Listing;
import io.helidon.dbclient.DbRow;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * 10DLC campaigns of approved brands. Created PENDING (the campaign fee charged); after
 * {@code cantila.a2p.review.campaign} the {@link Reviewer} makes it VERIFIED or FAILED ({@link CampaignReview}).
 * A FAILED campaign may be edited (not its brand or use case) and resubmitted, which charges the fee again.
 * A VERIFIED campaign is charged its monthly fee by use case from the verification on, one calendar month (UTC) at a
 * time ({@link #accrue}). A sole proprietor brand has at most one campaign. Deleting a campaign unregisters its
 * numbers in the same transaction.
 */
final class Campaigns {
    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final A2pEvents events;
    private final A2pSettings settings;
    private final Brands brands;

    Campaigns(Database db, Clock clock, Ids ids, A2pEvents events, A2pSettings settings, Brands brands) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.events = events;
        this.settings = settings;
        this.brands = brands;
    }

    Campaign create(String project, CampaignInput in) {
        Brand brand;
        try {
            brand = brands.get(project, in.brandId());
        } catch (ApiException e) {
            throw new ApiException(ApiException.Kind.UNPROCESSABLE, "brand_not_found", "brand " + in.brandId()
                    + " does not exist in this project", "brandId");
        }
        if (!brand.status().equals("APPROVED")) {
            throw ApiException.conflict("brand_not_approved", "brand " + brand.id() + " is " + brand.status()
                    + "; campaigns need an APPROVED brand");
        }
        if (brand.entityType().equals("SOLE_PROPRIETOR") && Database.one(db.exec(),
                "SELECT id FROM a2p_campaigns WHERE brand_id = ? LIMIT 1", r -> r, brand.id()).isPresent()) {
            throw ApiException.conflict("sole_proprietor_limit", "a sole proprietor brand has at most one campaign");
        }
        String id = ids.next("cmp");
        long now = clock.millis();
        db.inJdbcTx(tx -> {
            Database.update(tx, "INSERT INTO a2p_campaigns (id, project_id, brand_id, use_case, sub_use_cases,"
                    + " description, message_flow, has_embedded_links, has_embedded_phone, opt_in_keywords,"
                    + " opt_out_keywords, help_keywords, opt_in_message, opt_out_message, help_message,"
                    + " subscriber_opt_in, age_gated, direct_lending, status, submissions, review_at, created_at,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 1, ?, ?, ?)",
                    id, brand.projectId(), brand.id(), in.useCase(), Campaign.joined(in.subUseCases()),
                    in.description(), in.messageFlow(), in.hasEmbeddedLinks(), in.hasEmbeddedPhone(),
                    Campaign.joined(in.optInKeywords()), Campaign.joined(in.optOutKeywords()),
                    Campaign.joined(in.helpKeywords()), in.optInMessage(), in.optOutMessage(), in.helpMessage(),
                    in.subscriberOptIn(), in.ageGated(), in.directLending(), reviewAt(now), now, now);
            samples(tx, id, in.samples());
            events.charge(tx, brand.projectId(), id, "campaign", "Campaign " + id + " (" + in.useCase() + ") review",
                    now);
            events.emit(tx, brand.projectId(), "a2p.campaign.created", id, data(id, brand.id(), "PENDING"));
            return null;
        });
        events.committed();
        return get(project, id);
    }

    private long reviewAt(long now) {
        return now + settings.review("campaign").toMillis();
    }

    static void samples(Connection tx, String owner, List<String> samples) throws SQLException {
        Database.update(tx, "DELETE FROM a2p_samples WHERE owner_id = ?", owner);
        for (int i = 0; i < samples.size(); i++) {
            Database.update(tx, "INSERT INTO a2p_samples (owner_id, idx, body) VALUES (?, ?, ?)", owner, i,
                    samples.get(i));
        }
    }

    static List<String> samples(Database db, String owner) {
        return Database.list(db.exec(), "SELECT body FROM a2p_samples WHERE owner_id = ? ORDER BY idx",
                r -> Database.str(r, "body"), owner);
    }

    Campaign get(String project, String id) {
        return Database.one(db.exec(), "SELECT * FROM a2p_campaigns WHERE id = ?" + (project == null ? ""
                        : " AND project_id = ?"), this::campaign, project == null ? new Object[]{id}
                        : new Object[]{id, project})
                .orElseThrow(() -> ApiException.notFound("campaign", id));
    }

    Page<Campaign> list(String project, String brandId, String cursor, int limit) {
        return new Listing("SELECT * FROM a2p_campaigns WHERE 1 = 1").and("project_id = ?", project)
                .and("brand_id = ?", brandId).page(db.exec(), cursor, limit, this::campaign, Campaign::id);
    }

    /** Edits a FAILED campaign's content; it stays FAILED until resubmitted. */
    Campaign patch(String project, String id, UnaryOperator<CampaignInput> patch) {
        Campaign c = get(project, id);
        requireFailed(c, "edited");
        CampaignInput in = patch.apply(c.input());
        long now = clock.millis();
        db.inJdbcTx(tx -> {
            Brands.moved(Database.update(tx, "UPDATE a2p_campaigns SET sub_use_cases = ?, description = ?,"
                    + " message_flow = ?, has_embedded_links = ?, has_embedded_phone = ?, opt_in_keywords = ?,"
                    + " opt_out_keywords = ?, help_keywords = ?, opt_in_message = ?, opt_out_message = ?,"
                    + " help_message = ?, subscriber_opt_in = ?, age_gated = ?, direct_lending = ?, updated_at = ?"
                    + " WHERE id = ? AND status = 'FAILED'", Campaign.joined(in.subUseCases()), in.description(),
                    in.messageFlow(), in.hasEmbeddedLinks(), in.hasEmbeddedPhone(), Campaign.joined(in.optInKeywords()),
                    Campaign.joined(in.optOutKeywords()), Campaign.joined(in.helpKeywords()), in.optInMessage(),
                    in.optOutMessage(), in.helpMessage(), in.subscriberOptIn(), in.ageGated(), in.directLending(),
                    now, id), id);
            samples(tx, id, in.samples());
            return null;
        });
        return get(project, id);
    }

    Campaign resubmit(String project, String id) {
        Campaign c = get(project, id);
        requireFailed(c, "resubmitted");
        long now = clock.millis();
        db.inJdbcTx(tx -> {
            Brands.moved(Database.update(tx, "UPDATE a2p_campaigns SET status = 'PENDING', failure_reasons = NULL,"
                    + " submissions = submissions + 1, review_at = ?, updated_at = ? WHERE id = ? AND status = 'FAILED'",
                    reviewAt(now), now, id), id);
            events.charge(tx, c.projectId(), id, "campaign", "Campaign " + id + " (" + c.useCase() + ") resubmission",
                    now);
            events.emit(tx, c.projectId(), "a2p.campaign.resubmitted", id, data(id, c.brandId(), "PENDING"));
            return null;
        });
        events.committed();
        return get(project, id);
    }

    private static void requireFailed(Campaign c, String what) {
        if (!c.status().equals("FAILED")) {
            throw ApiException.conflict("campaign_not_failed", "campaign " + c.id() + " is " + c.status()
                    + "; only a FAILED campaign can be " + what);
        }
    }

    void delete(String project, String id) {
        Campaign c = get(project, id);
        db.inJdbcTx(tx -> {
            for (String e164 : Database.list(db.exec(), "SELECT e164 FROM a2p_campaign_numbers WHERE campaign_id = ?",
                    r -> Database.str(r, "e164"), id)) {
                if (Database.update(tx, "DELETE FROM a2p_campaign_numbers WHERE e164 = ? AND campaign_id = ?", e164,
                        id) == 1) {
                    events.emit(tx, c.projectId(), "a2p.number.deleted", e164, Map.of("e164", e164, "campaignId", id));
                }
            }
            Database.update(tx, "DELETE FROM a2p_samples WHERE owner_id = ?", id);
            Brands.moved(Database.update(tx, "DELETE FROM a2p_campaigns WHERE id = ?", id), id);
            events.emit(tx, c.projectId(), "a2p.campaign.deleted", id, data(id, c.brandId(), "DELETED"));
            return null;
        });
        events.committed();
    }

    List<String> due(long now) {
        return Database.list(db.exec(), "SELECT id FROM a2p_campaigns WHERE review_at <= ? ORDER BY review_at"
                + " LIMIT 100", r -> Database.str(r, "id"), now);
    }

    /** The review: PENDING → VERIFIED (first month charged) or FAILED with reasons. */
    boolean step(String id, long now) {
        Campaign c = get(null, id);
        Brand brand = brands.get(null, c.brandId());
        List<String> reasons = CampaignReview.review(c.input(), brand);
        Status to = reasons.isEmpty() ? Status.VERIFIED : Status.FAILED;
        Status.of(c.status()).require(Status.Kind.CAMPAIGN, to, id);
        long monthEnd = monthStart(now, 1);
        boolean moved = db.inJdbcTx(tx -> {
            if (Database.update(tx, "UPDATE a2p_campaigns SET status = ?, failure_reasons = ?, review_at = NULL,"
                    + " billed_until = ?, updated_at = ? WHERE id = ? AND status = 'PENDING'", to.name(),
                    reasons.isEmpty() ? null : String.join(" ", reasons), to == Status.VERIFIED ? monthEnd : null, now,
                    id) != 1) {
                return false;
            }
            if (to == Status.VERIFIED) {
                monthly(tx, c, now);
            }
            events.emit(tx, c.projectId(), "a2p.campaign." + to.name().toLowerCase(java.util.Locale.ROOT), id,
                    Map.of("campaignId", id, "brandId", c.brandId(), "status", to.name(), "failureReasons", reasons));
            return true;
        });
        if (moved) {
            events.committed();
        }
        return moved;
    }

    /** Charges every started, unbilled month of every VERIFIED campaign; returns how many charges it made. */
    int accrue(long now) {
        int made = 0;
        for (DbRow r : Database.list(db.exec(), "SELECT id, billed_until FROM a2p_campaigns WHERE status = 'VERIFIED'"
                + " AND billed_until <= ?", row -> row, now)) {
            String id = Database.str(r, "id");
            long start = Database.lng(r, "billed_until");
            Campaign c = get(null, id);
            made += db.inJdbcTx(tx -> {
                if (Database.update(tx, "UPDATE a2p_campaigns SET billed_until = ? WHERE id = ? AND billed_until = ?",
                        monthStart(start, 1), id, start) != 1) {
                    return 0; // another instance charged it
                }
                monthly(tx, c, start);
                return 1;
            });
        }
        return made;
    }

    private void monthly(Connection tx, Campaign c, long periodStart) throws SQLException {
        events.charge(tx, c.projectId(), c.id(), "a2p_monthly", settings.monthlyFee(c.useCase()),
                "Monthly fee of campaign " + c.id() + " (" + c.useCase() + ")", periodStart);
    }

    static long monthStart(long at, int months) {
        return Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).plusMonths(months).toInstant().toEpochMilli();
    }

    private static Map<String, Object> data(String id, String brandId, String status) {
        return Map.of("campaignId", id, "brandId", brandId, "status", status);
    }

    private Campaign campaign(DbRow r) {
        String id = Database.str(r, "id");
        String useCase = Database.str(r, "use_case");
        return Campaign.of(r, samples(db, id), new Money(settings.monthlyFee(useCase), settings.currency()));
    }
}
