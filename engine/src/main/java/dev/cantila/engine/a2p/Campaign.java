package dev.cantila.engine.a2p;

import dev.cantila.engine.core.Money;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbRow;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A campaign as the API shows it; {@code monthlyFee} is what it costs each month once VERIFIED. */
record Campaign(String id, String projectId, String brandId, String useCase, List<String> subUseCases,
                String description, String messageFlow, List<String> messageSamples, boolean hasEmbeddedLinks,
                boolean hasEmbeddedPhone, List<String> optInKeywords, List<String> optOutKeywords,
                List<String> helpKeywords, String optInMessage, String optOutMessage, String helpMessage,
                boolean subscriberOptIn, boolean ageGated, boolean directLending, String status,
                List<Brand.Reason> failureReasons, int submissions, Money monthlyFee, Instant createdAt,
                Instant updatedAt) {

    CampaignInput input() {
        return new CampaignInput(brandId, useCase, subUseCases, description, messageFlow, messageSamples,
                hasEmbeddedLinks, hasEmbeddedPhone, optInKeywords, optOutKeywords, helpKeywords, optInMessage,
                optOutMessage, helpMessage, subscriberOptIn, ageGated, directLending);
    }

    static Campaign of(DbRow r, List<String> samples, Money monthlyFee) {
        return new Campaign(Database.str(r, "id"), Database.str(r, "project_id"), Database.str(r, "brand_id"),
                Database.str(r, "use_case"), words(Database.str(r, "sub_use_cases")), Database.str(r, "description"),
                Database.str(r, "message_flow"), samples, Database.bool(r, "has_embedded_links"),
                Database.bool(r, "has_embedded_phone"), words(Database.str(r, "opt_in_keywords")),
                words(Database.str(r, "opt_out_keywords")), words(Database.str(r, "help_keywords")),
                Database.str(r, "opt_in_message"), Database.str(r, "opt_out_message"),
                Database.str(r, "help_message"), Database.bool(r, "subscriber_opt_in"), Database.bool(r, "age_gated"),
                Database.bool(r, "direct_lending"), Database.str(r, "status"),
                Brand.reasons(Database.str(r, "failure_reasons"), CampaignReview::explain),
                Database.integer(r, "submissions"), monthlyFee, Instant.ofEpochMilli(Database.lng(r, "created_at")),
                Instant.ofEpochMilli(Database.lng(r, "updated_at")));
    }

    /** Stored lists are comma-separated (keywords are alphanumeric, use cases words). */
    static List<String> words(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    static String joined(List<String> words) {
        return words.isEmpty() ? null : String.join(",", words);
    }
}
