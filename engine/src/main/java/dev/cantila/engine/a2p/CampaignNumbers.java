package dev.cantila.engine.a2p;

import dev.cantila.engine.config.A2pSettings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.numbers.HeldNumber;
import dev.cantila.engine.numbers.Numbers;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * US local numbers registered to a campaign: PENDING, then REGISTERED after {@code cantila.a2p.review.number}. The
 * campaign must be VERIFIED, the number a US local number the project holds, and a number belongs to one campaign
 * at most (the primary key decides between concurrent requests). A sole proprietor's campaign holds one number.
 * A number the project releases leaves its campaign in the release transaction.
 */
final class CampaignNumbers {
    private final Database db;
    private final Clock clock;
    private final A2pEvents events;
    private final A2pSettings settings;
    private final Numbers numbers;
    private final Campaigns campaigns;
    private final Brands brands;

    CampaignNumbers(Database db, Clock clock, A2pEvents events, A2pSettings settings, Numbers numbers,
                    Campaigns campaigns, Brands brands) {
        this.db = db;
        this.clock = clock;
        this.events = events;
        this.settings = settings;
        this.numbers = numbers;
        this.campaigns = campaigns;
        this.brands = brands;
    }

    record CampaignNumber(String e164, String campaignId, String status, Instant createdAt, Instant updatedAt) {
    }

    CampaignNumber add(String project, String campaignId, String e164) {
        Campaign c = campaigns.get(project, campaignId);
        HeldNumber n = numbers.held(c.projectId(), e164).orElseThrow(() -> ApiException.unprocessable(
                "number_not_held", e164 + " is not a number of project " + c.projectId(), "e164"));
        if (!n.country().equals("US") || !n.numberType().equals("local")) {
            throw ApiException.unprocessable("not_10dlc_number", e164 + " is a " + n.country() + " " + n.numberType()
                    + " number; campaigns register US local numbers (toll-free numbers: tollfree-verifications)",
                    "e164");
        }
        if (!c.status().equals("VERIFIED")) {
            throw ApiException.conflict("campaign_not_verified", "campaign " + campaignId + " is " + c.status()
                    + "; numbers can be added once it is VERIFIED");
        }
        Brand brand = brands.get(null, c.brandId());
        if (brand.entityType().equals("SOLE_PROPRIETOR") && !list(campaignId).isEmpty()) {
            throw ApiException.conflict("sole_proprietor_limit", "a sole proprietor campaign has one number");
        }
        long now = clock.millis();
        try {
            db.inJdbcTx(tx -> {
                Database.update(tx, "INSERT INTO a2p_campaign_numbers (e164, campaign_id, project_id, status, review_at,"
                        + " created_at, updated_at) VALUES (?, ?, ?, 'PENDING', ?, ?, ?)", e164, campaignId,
                        c.projectId(), now + settings.review("number").toMillis(), now, now);
                events.emit(tx, c.projectId(), "a2p.number.added", e164, data(e164, campaignId, "PENDING"));
                return null;
            });
        } catch (RuntimeException e) {
            if (Database.isUniqueViolation(e)) {
                String other = Database.one(db.exec(), "SELECT campaign_id FROM a2p_campaign_numbers WHERE e164 = ?",
                        r -> Database.str(r, "campaign_id"), e164).orElse("another campaign");
                throw ApiException.conflict("number_in_campaign", e164 + " is already registered to " + other
                        + "; a number belongs to one campaign (DELETE it there first)");
            }
            throw e;
        }
        events.committed();
        return get(campaignId, e164);
    }

    CampaignNumber get(String campaignId, String e164) {
        return Database.one(db.exec(), "SELECT * FROM a2p_campaign_numbers WHERE e164 = ? AND campaign_id = ?",
                CampaignNumbers::row, e164, campaignId).orElseThrow(() -> ApiException.notFound("campaign number",
                e164));
    }

    List<CampaignNumber> list(String campaignId) {
        return Database.list(db.exec(), "SELECT * FROM a2p_campaign_numbers WHERE campaign_id = ? ORDER BY e164",
                CampaignNumbers::row, campaignId);
    }

    List<CampaignNumber> list(String project, String campaignId) {
        campaigns.get(project, campaignId);
        return list(campaignId);
    }

    void remove(String project, String campaignId, String e164) {
        Campaign c = campaigns.get(project, campaignId);
        get(campaignId, e164);
        db.inJdbcTx(tx -> {
            if (Database.update(tx, "DELETE FROM a2p_campaign_numbers WHERE e164 = ? AND campaign_id = ?", e164,
                    campaignId) == 1) {
                events.emit(tx, c.projectId(), "a2p.number.deleted", e164, data(e164, campaignId, "DELETED"));
            }
            return null;
        });
        events.committed();
    }

    /**
     * For the number's release, transfer or port-out transaction: the number leaves its campaign (no event: the move
     * is the news; {@code why} is the move's reason, kept by the caller).
     */
    Runnable released(DbExecute tx, String projectId, String e164, String why) {
        Database.update(tx, "DELETE FROM a2p_campaign_numbers WHERE e164 = ? AND project_id = ?", e164, projectId);
        return () -> { };
    }

    List<String> due(long now) {
        return Database.list(db.exec(), "SELECT e164 FROM a2p_campaign_numbers WHERE review_at <= ? ORDER BY review_at"
                + " LIMIT 100", r -> Database.str(r, "e164"), now);
    }

    boolean step(String e164, long now) {
        DbRow r = Database.one(db.exec(), "SELECT * FROM a2p_campaign_numbers WHERE e164 = ?", x -> x, e164)
                .orElse(null);
        if (r == null) {
            return false;
        }
        Status.of(Database.str(r, "status")).require(Status.Kind.NUMBER, Status.REGISTERED, e164);
        String campaignId = Database.str(r, "campaign_id");
        boolean moved = db.inJdbcTx(tx -> {
            if (Database.update(tx, "UPDATE a2p_campaign_numbers SET status = 'REGISTERED', review_at = NULL,"
                    + " updated_at = ? WHERE e164 = ? AND status = 'PENDING'", now, e164) != 1) {
                return false;
            }
            events.emit(tx, Database.str(r, "project_id"), "a2p.number.registered", e164,
                    data(e164, campaignId, "REGISTERED"));
            return true;
        });
        if (moved) {
            events.committed();
        }
        return moved;
    }

    private static Map<String, Object> data(String e164, String campaignId, String status) {
        return Map.of("e164", e164, "campaignId", campaignId, "status", status);
    }

    private static CampaignNumber row(DbRow r) {
        return new CampaignNumber(Database.str(r, "e164"), Database.str(r, "campaign_id"), Database.str(r, "status"),
                Instant.ofEpochMilli(Database.lng(r, "created_at")), Instant.ofEpochMilli(Database.lng(r, "updated_at")));
    }
}
