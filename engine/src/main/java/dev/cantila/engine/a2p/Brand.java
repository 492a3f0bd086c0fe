package dev.cantila.engine.a2p;

import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbRow;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A brand as the API shows it. {@code tier}, {@code throughput} (messages per second shared by its registered
 * numbers) and {@code dailyCap} follow from the trust score ({@link TrustTier}) once the brand is APPROVED (null
 * before). {@code suspension} is the registry's reason while the brand is SUSPENDED (null otherwise); the same
 * column holds the review's {@code failureReasons} of a FAILED brand.
 */
record Brand(String id, String projectId, String entityType, String companyName, String displayName, String ein,
             String country, String vertical, String website, String email, String phone, Address address,
             String stockSymbol, String stockExchange, Contact contact, String status, String identityStatus,
             Integer trustScore, String tier, Double throughput, Integer dailyCap, List<Reason> failureReasons,
             Reason suspension, Instant createdAt, Instant updatedAt) {

    record Address(String street, String city, String state, String postalCode) {
    }

    record Contact(String name, String email, String phone) {
    }

    /** A machine code and what it means. */
    record Reason(String code, String message) {
    }

    BrandInput input() {
        return new BrandInput(entityType, companyName, displayName, ein, country, vertical, website, email, phone,
                address.street(), address.city(), address.state(), address.postalCode(), stockSymbol, stockExchange,
                contact.name(), contact.email(), contact.phone());
    }

    static Brand of(DbRow r, TrustTier.Table tiers) {
        Integer score = Database.value(r, "trust_score") == null ? null : Database.integer(r, "trust_score");
        String type = Database.str(r, "entity_type");
        // the tier and what follows from it once the registry approved the brand
        String status = Database.str(r, "status");
        TrustTier tier = "APPROVED".equals(status) ? TrustTier.of(type, score) : null;
        List<Reason> reasons = reasons(Database.str(r, "failure_reasons"), BrandReview::explain);
        boolean suspended = "SUSPENDED".equals(status);
        return new Brand(Database.str(r, "id"), Database.str(r, "project_id"), type, Database.str(r, "company_name"),
                Database.str(r, "display_name"), Database.str(r, "ein"), Database.str(r, "country"),
                Database.str(r, "vertical"), Database.str(r, "website"), Database.str(r, "email"),
                Database.str(r, "phone"), new Address(Database.str(r, "street"), Database.str(r, "city"),
                Database.str(r, "state"), Database.str(r, "postal_code")), Database.str(r, "stock_symbol"),
                Database.str(r, "stock_exchange"), new Contact(Database.str(r, "contact_name"),
                Database.str(r, "contact_email"), Database.str(r, "contact_phone")), status,
                Database.str(r, "identity_status"), score, tier == null ? null : tier.wire(),
                tier == null ? null : tiers.rate(tier), tier == null ? null : tiers.dailyCap(tier),
                suspended ? List.of() : reasons, suspended && !reasons.isEmpty() ? reasons.getFirst() : null,
                Instant.ofEpochMilli(Database.lng(r, "created_at")), Instant.ofEpochMilli(Database.lng(r, "updated_at")));
    }

    static List<Reason> reasons(String codes, java.util.function.UnaryOperator<String> explain) {
        if (codes == null || codes.isBlank()) {
            return List.of();
        }
        return Arrays.stream(codes.split(" ")).map(c -> new Reason(c, explain.apply(c))).toList();
    }
}
