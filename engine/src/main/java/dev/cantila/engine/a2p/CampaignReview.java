package dev.cantila.engine.a2p;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The simulated registry's content review of a campaign: deterministic, documented in the README. The campaign is
 * VERIFIED unless one of these holds, each a failure reason:
 * <ul>
 *   <li>{@code brand_not_named}: no sample names the brand (its display name, or the first word of its company
 *       name, case-insensitively);</li>
 *   <li>{@code opt_out_language_missing}: no sample tells how to opt out ("STOP", "unsubscribe", "opt out");</li>
 *   <li>{@code undeclared_links}: a sample holds a link ({@code http://}, {@code https://}, {@code www.}) but
 *       {@code hasEmbeddedLinks} is false; {@code undeclared_phone}: a sample holds a phone number but
 *       {@code hasEmbeddedPhone} is false;</li>
 *   <li>{@code opt_in_flow_missing}: a marketing campaign (MARKETING, or MIXED with it) whose message flow never
 *       says how consent is collected ("opt in", "opt-in", "consent", "agree", "subscribe", "sign up");</li>
 *   <li>{@code no_subscriber_opt_in}: {@code subscriberOptIn} is false.</li>
 * </ul>
 */
final class CampaignReview {
    private static final Pattern LINK = Pattern.compile("(?i)(https?://|www\\.)\\S+");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d\\s().-]{8,}\\d");
    private static final Pattern OPT_OUT = Pattern.compile("(?i)\\b(stop|unsubscribe|opt[ -]?out)\\b");
    private static final Pattern CONSENT = Pattern.compile("(?i)(opt[ -]?in|consent|agree|subscribe|sign[ -]?up)");

    private CampaignReview() {
    }

    static List<String> review(CampaignInput c, Brand brand) {
        List<String> reasons = new ArrayList<>();
        String name = brandName(brand).toLowerCase(Locale.ROOT);
        if (c.samples().stream().noneMatch(s -> s.toLowerCase(Locale.ROOT).contains(name))) {
            reasons.add("brand_not_named");
        }
        if (c.samples().stream().noneMatch(s -> OPT_OUT.matcher(s).find())) {
            reasons.add("opt_out_language_missing");
        }
        if (!c.hasEmbeddedLinks() && c.samples().stream().anyMatch(s -> LINK.matcher(s).find())) {
            reasons.add("undeclared_links");
        }
        if (!c.hasEmbeddedPhone() && c.samples().stream().anyMatch(s -> PHONE.matcher(s).find())) {
            reasons.add("undeclared_phone");
        }
        if (c.marketing() && !CONSENT.matcher(c.messageFlow()).find()) {
            reasons.add("opt_in_flow_missing");
        }
        if (!c.subscriberOptIn()) {
            reasons.add("no_subscriber_opt_in");
        }
        return reasons;
    }

    /** The name samples must carry: the display name, else the company name's first word. */
    static String brandName(Brand b) {
        if (b.displayName() != null && !b.displayName().isBlank()) {
            return b.displayName().strip();
        }
        return b.companyName().strip().split("[\\s,]+")[0];
    }

    static String explain(String code) {
        return switch (code) {
            case "brand_not_named" -> "no message sample names the brand";
            case "opt_out_language_missing" -> "no message sample says how to opt out (e.g. 'Reply STOP to opt out')";
            case "undeclared_links" -> "a sample holds a link but hasEmbeddedLinks is false";
            case "undeclared_phone" -> "a sample holds a phone number but hasEmbeddedPhone is false";
            case "opt_in_flow_missing" -> "a marketing campaign's messageFlow must say how subscribers opt in";
            case "no_subscriber_opt_in" -> "subscribers must opt in (subscriberOptIn true)";
            default -> code;
        };
    }
}
