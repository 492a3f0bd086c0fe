package dev.cantila.engine.a2p;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A campaign's content as submitted ({@code POST /v1/a2p/campaigns}, or a {@code PATCH} of a FAILED campaign over
 * its stored content, where absent fields keep their value and {@code brandId}/{@code useCase} cannot change).
 * Every limit of the registry is checked here, each a 400 naming the field: description 40–4,096 characters,
 * message flow 40–2,048, 2–5 samples of 20–1,024, keyword lists alphanumeric and at most 255 characters joined,
 * keyword answers 20–320, MIXED with 2–5 distinct sub-use-cases (and only MIXED with any).
 */
record CampaignInput(String brandId, String useCase, List<String> subUseCases, String description,
                     String messageFlow, List<String> samples, boolean hasEmbeddedLinks, boolean hasEmbeddedPhone,
                     List<String> optInKeywords, List<String> optOutKeywords, List<String> helpKeywords,
                     String optInMessage, String optOutMessage, String helpMessage, boolean subscriberOptIn,
                     boolean ageGated, boolean directLending) {

    static final String[] FIELDS = {"brandId", "useCase", "subUseCases", "description", "messageFlow",
            "messageSamples", "hasEmbeddedLinks", "hasEmbeddedPhone", "optInKeywords", "optOutKeywords",
            "helpKeywords", "optInMessage", "optOutMessage", "helpMessage", "subscriberOptIn", "ageGated",
            "directLending"};
    static final Set<String> USE_CASES = Set.copyOf(Fields.USE_CASES);
    /** What a MIXED campaign may combine: every use case but MIXED itself and LOW_VOLUME. */
    static final Set<String> SUB_USE_CASES = USE_CASES.stream().filter(u -> !u.equals("MIXED")
            && !u.equals("LOW_VOLUME")).collect(java.util.stream.Collectors.toUnmodifiableSet());

    static CampaignInput parse(JsonRequest b, CampaignInput base) {
        if (base != null) {
            for (String fixed : new String[]{"brandId", "useCase"}) {
                if (b.has(fixed)) {
                    throw ApiException.invalid(fixed, fixed + " cannot change; create a new campaign instead");
                }
            }
        }
        String brandId = base != null ? base.brandId() : b.string("brandId", Limits.ID);
        String useCase = base != null ? base.useCase() : Fields.oneOf(b, "useCase", USE_CASES, true);
        List<String> subs = base != null && !b.has("subUseCases") ? base.subUseCases() : subUseCases(b, useCase);
        return new CampaignInput(brandId, useCase, subs,
                has(b, base, "description") ? Fields.text(b, "description", 40, Limits.CAMPAIGN_DESCRIPTION)
                        : base.description(),
                has(b, base, "messageFlow") ? Fields.text(b, "messageFlow", 40, Limits.MESSAGE_FLOW)
                        : base.messageFlow(),
                has(b, base, "messageSamples") ? Fields.samples(b, "messageSamples", 2, 5) : base.samples(),
                has(b, base, "hasEmbeddedLinks") ? Fields.bool(b, "hasEmbeddedLinks", null) : base.hasEmbeddedLinks(),
                has(b, base, "hasEmbeddedPhone") ? Fields.bool(b, "hasEmbeddedPhone", null) : base.hasEmbeddedPhone(),
                has(b, base, "optInKeywords") ? Fields.keywords(b, "optInKeywords", List.of("START"))
                        : base.optInKeywords(),
                has(b, base, "optOutKeywords") ? Fields.keywords(b, "optOutKeywords", List.of("STOP"))
                        : base.optOutKeywords(),
                has(b, base, "helpKeywords") ? Fields.keywords(b, "helpKeywords", List.of("HELP"))
                        : base.helpKeywords(),
                has(b, base, "optInMessage") ? Fields.optText(b, "optInMessage", 20, Limits.KEYWORD_MESSAGE)
                        : base.optInMessage(),
                has(b, base, "optOutMessage") ? Fields.text(b, "optOutMessage", 20, Limits.KEYWORD_MESSAGE)
                        : base.optOutMessage(),
                has(b, base, "helpMessage") ? Fields.text(b, "helpMessage", 20, Limits.KEYWORD_MESSAGE)
                        : base.helpMessage(),
                has(b, base, "subscriberOptIn") ? Fields.bool(b, "subscriberOptIn", null) : base.subscriberOptIn(),
                has(b, base, "ageGated") ? Fields.bool(b, "ageGated", false) : base.ageGated(),
                has(b, base, "directLending") ? Fields.bool(b, "directLending", false) : base.directLending());
    }

    private static boolean has(JsonRequest b, CampaignInput base, String field) {
        return base == null || b.has(field);
    }

    private static List<String> subUseCases(JsonRequest b, String useCase) {
        List<String> subs = b.optStringList("subUseCases", 5, 64);
        if (!useCase.equals("MIXED")) {
            if (subs != null && !subs.isEmpty()) {
                throw ApiException.invalid("subUseCases", "subUseCases are only for MIXED campaigns");
            }
            return List.of();
        }
        if (subs == null || subs.size() < 2) {
            throw ApiException.invalid("subUseCases", "a MIXED campaign needs 2-5 subUseCases, got "
                    + (subs == null ? 0 : subs.size()));
        }
        Set<String> seen = new HashSet<>();
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            String s = subs.get(i).strip().toUpperCase(java.util.Locale.ROOT);
            if (!SUB_USE_CASES.contains(s)) {
                throw ApiException.invalid("subUseCases[" + i + "]", "subUseCases[" + i + "] must be one of "
                        + String.join(", ", new java.util.TreeSet<>(SUB_USE_CASES)) + ", got '" + subs.get(i) + "'");
            }
            if (!seen.add(s)) {
                throw ApiException.invalid("subUseCases[" + i + "]", "subUseCases[" + i + "] repeats " + s);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** Whether the campaign may carry marketing (MARKETING, or MIXED with MARKETING). */
    boolean marketing() {
        return useCase.equals("MARKETING") || subUseCases.contains("MARKETING");
    }
}
