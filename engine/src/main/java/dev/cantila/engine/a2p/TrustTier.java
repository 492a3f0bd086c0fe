package dev.cantila.engine.a2p;

import dev.cantila.engine.config.A2pSettings;

/**
 * A brand's trust tier, from its entity type and trust score: HIGH 75–100, MEDIUM 50–74, LOW 0–49 (or no score
 * yet), SOLE_PROPRIETOR for sole proprietors whatever their score. The tier sets the brand's shared throughput and
 * its daily cap ({@code cantila.a2p.throughput.*}, {@code cantila.a2p.daily-cap.*}).
 */
enum TrustTier {
    HIGH, MEDIUM, LOW, SOLE_PROPRIETOR;

    static TrustTier of(String entityType, Integer score) {
        if ("SOLE_PROPRIETOR".equals(entityType)) {
            return SOLE_PROPRIETOR;
        }
        int s = score == null ? 0 : score;
        return s >= 75 ? HIGH : s >= 50 ? MEDIUM : LOW;
    }

    /** The settings key of this tier ({@code high}, …, {@code sole-proprietor}). */
    String wire() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The tiers' rates and caps as configured. */
    record Table(A2pSettings settings) {
        double rate(TrustTier t) {
            return settings.throughput().get(t.wire());
        }

        int dailyCap(TrustTier t) {
            return settings.dailyCap().get(t.wire());
        }
    }
}
