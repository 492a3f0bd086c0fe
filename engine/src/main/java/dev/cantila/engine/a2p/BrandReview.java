package dev.cantila.engine.a2p;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The simulated registry's decision on a brand: deterministic, documented in the README ("A2P registration").
 *
 * <ul>
 *   <li>FAILED {@code ein_prefix_invalid}: the EIN's two-digit prefix is one the IRS never assigns (00, 07–09,
 *       17–19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97). EINs carry no check digit; the prefix is what can be
 *       checked offline.</li>
 *   <li>FAILED {@code ein_mismatch}: the EIN is {@value #FAILING_EIN}, the test EIN the registry never matches to
 *       the company name.</li>
 *   <li>FAILED {@code government_domain}: a GOVERNMENT brand whose email is not on a {@code .gov}, {@code .mil} or
 *       {@code .us} domain.</li>
 *   <li>Otherwise APPROVED. Sole proprietors: identity SELF_DECLARED, no score (their own tier). Others start at a
 *       score by entity type (GOVERNMENT 80, PUBLIC_PROFIT 75, PRIVATE_PROFIT 60, NON_PROFIT 55); when the email's
 *       domain is the website's domain (or a subdomain of it) the identity is VERIFIED, otherwise (a free mail
 *       provider, another domain) UNVERIFIED and the score drops by 30.</li>
 * </ul>
 * A secondary vetting ({@link #vetted}) raises the score by 20 (at most 100) and the identity to VETTED_VERIFIED.
 */
final class BrandReview {
    static final String FAILING_EIN = "12-3456789";
    private static final Set<String> UNASSIGNED_PREFIXES = Set.of("00", "07", "08", "09", "17", "18", "19", "28",
            "29", "49", "69", "70", "78", "79", "89", "96", "97");

    private BrandReview() {
    }

    record Outcome(Status status, String identityStatus, Integer trustScore, List<String> reasons) {
    }

    static Outcome review(BrandInput b) {
        List<String> reasons = new ArrayList<>();
        if (b.ein() != null && UNASSIGNED_PREFIXES.contains(b.ein().substring(0, 2))) {
            reasons.add("ein_prefix_invalid");
        }
        if (FAILING_EIN.equals(b.ein())) {
            reasons.add("ein_mismatch");
        }
        String emailDomain = b.email().substring(b.email().indexOf('@') + 1);
        if ("GOVERNMENT".equals(b.entityType()) && !(emailDomain.endsWith(".gov") || emailDomain.endsWith(".mil")
                || emailDomain.endsWith(".us"))) {
            reasons.add("government_domain");
        }
        if (!reasons.isEmpty()) {
            return new Outcome(Status.FAILED, "UNVERIFIED", null, reasons);
        }
        if (b.soleProprietor()) {
            return new Outcome(Status.APPROVED, "SELF_DECLARED", null, List.of());
        }
        int score = switch (b.entityType()) {
            case "GOVERNMENT" -> 80;
            case "PUBLIC_PROFIT" -> 75;
            case "PRIVATE_PROFIT" -> 60;
            default -> 55;
        };
        String site = Fields.host(b.website());
        boolean sameDomain = !site.isEmpty() && (emailDomain.equals(site) || emailDomain.endsWith("." + site));
        return sameDomain ? new Outcome(Status.APPROVED, "VERIFIED", score, List.of())
                : new Outcome(Status.APPROVED, "UNVERIFIED", score - 30, List.of());
    }

    /** Why the registry suspends a brand ({@code POST /v1/sim/a2p/brands/:id/suspend {reason}}), and what it means. */
    static final java.util.Map<String, String> SUSPENSIONS = java.util.Map.of(
            "spam_complaints", "carriers reported the brand's traffic as spam",
            "content_violation", "the brand sent content its campaigns do not declare or carriers prohibit",
            "identity_mismatch", "the registry could no longer verify the brand's identity",
            "terms_violation", "the brand broke the registry's terms of service");

    static int vetted(Integer score) {
        return Math.min(100, (score == null ? 0 : score) + 20);
    }

    /** What each failure code means, for the API's {@code failureReasons}. */
    static String explain(String code) {
        return switch (code) {
            case "ein_prefix_invalid" -> "the EIN's prefix is not one the IRS assigns";
            case "ein_mismatch" -> "the registry could not match the EIN to the company name";
            case "government_domain" -> "a GOVERNMENT brand needs an email on a .gov, .mil or .us domain";
            default -> SUSPENSIONS.getOrDefault(code, code);
        };
    }
}
