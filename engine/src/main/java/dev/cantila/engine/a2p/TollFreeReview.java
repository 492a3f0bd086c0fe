package dev.cantila.engine.a2p;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.webhooks.outbound.TargetPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A toll-free verification request as submitted, and the simulated reviewer's decision on it (documented in the
 * README). APPROVED unless:
 * <ul>
 *   <li>{@code opt_in_evidence_missing}: opt-in is not VERBAL and no {@code optInImageUrls} show it;</li>
 *   <li>{@code business_not_named}: no sample names the business (the first word of {@code businessName});</li>
 *   <li>{@code prohibited_content}: a sample mentions cannabis, CBD, marijuana, vape, tobacco, firearms, casino,
 *       gambling or payday loans (content toll-free carriers refuse).</li>
 * </ul>
 */
final class TollFreeReview {
    static final String[] FIELDS = {"e164", "businessName", "website", "email", "phone", "useCase", "messageVolume",
            "optInType", "optInImageUrls", "samples"};
    static final Set<String> VOLUMES = Set.of("10", "100", "1,000", "10,000", "100,000", "250,000", "500,000",
            "750,000", "1,000,000", "5,000,000", "10,000,000+");
    static final Set<String> OPT_IN_TYPES = Set.of("VERBAL", "WEB_FORM", "PAPER_FORM", "VIA_TEXT", "MOBILE_QR_CODE");
    private static final Pattern PROHIBITED = Pattern.compile("(?i)\\b(cannabis|cbd|marijuana|vape|tobacco|firearms?"
            + "|casino|gambling|payday loans?)\\b");

    private TollFreeReview() {
    }

    record Input(String e164, String businessName, String website, String email, String phone, String useCase,
                 String messageVolume, String optInType, List<String> optInImageUrls, List<String> samples) {
    }

    static Input parse(JsonRequest b, String e164, TargetPolicy targets) {
        String volume = b.string("messageVolume", 16).strip();
        if (!VOLUMES.contains(volume)) {
            throw ApiException.invalid("messageVolume", "messageVolume must be one of " + String.join(" | ",
                    new java.util.TreeSet<>(VOLUMES)) + " (messages a month), got '" + volume + "'");
        }
        List<String> urls = b.optStringList("optInImageUrls", Limits.OPT_IN_IMAGE_URLS, Limits.URL);
        List<String> checked = new ArrayList<>();
        if (urls != null) {
            for (int i = 0; i < urls.size(); i++) {
                checked.add(Fields.url(urls.get(i), "optInImageUrls[" + i + "]", targets));
            }
        }
        return new Input(e164, Fields.text(b, "businessName", 1, Limits.A2P_NAME),
                Fields.url(b.string("website", Limits.URL), "website", targets), Fields.email(b, "email"),
                Fields.phone(b, "phone"), Fields.oneOf(b, "useCase", Set.copyOf(Fields.USE_CASES), true), volume,
                Fields.oneOf(b, "optInType", OPT_IN_TYPES, true), List.copyOf(checked),
                Fields.samples(b, "samples", 1, 5));
    }

    static List<String> review(Input in) {
        List<String> reasons = new ArrayList<>();
        if (!in.optInType().equals("VERBAL") && in.optInImageUrls().isEmpty()) {
            reasons.add("opt_in_evidence_missing");
        }
        String name = in.businessName().strip().split("[\\s,]+")[0].toLowerCase(Locale.ROOT);
        if (in.samples().stream().noneMatch(s -> s.toLowerCase(Locale.ROOT).contains(name))) {
            reasons.add("business_not_named");
        }
        if (in.samples().stream().anyMatch(s -> PROHIBITED.matcher(s).find())) {
            reasons.add("prohibited_content");
        }
        return reasons;
    }

    static String explain(String code) {
        return switch (code) {
            case "opt_in_evidence_missing" -> "opt-in other than VERBAL needs optInImageUrls showing it";
            case "business_not_named" -> "no sample names the business";
            case "prohibited_content" -> "a sample mentions content toll-free carriers refuse";
            default -> code;
        };
    }
}
