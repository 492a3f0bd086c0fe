package dev.cantila.engine.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cantila.pricing.*}: the price lookup's fallbacks, the two voice roundings, refusals naming the key. */
class PricingSettingsTest {
    private static PricingSettings load(Map<String, String> yaml) {
        return Settings.load(Config.just(ConfigSources.create(yaml)), Map.of(), null, null).pricing();
    }

    @Test
    void lookupFallsBackFromTypeToCountryToDefault() {
        PricingSettings p = load(Map.of(
                "cantila.pricing.rates.default.default.sms.outbound", "1",
                "cantila.pricing.rates.default.tollfree.sms.outbound", "2",
                "cantila.pricing.rates.GB.default.sms.outbound", "4",
                "cantila.pricing.rates.GB.mobile.sms.outbound", "5",
                "cantila.pricing.currency", "gbp"));
        assertThat(p.currency()).isEqualTo("GBP");
        assertThat(p.price("GB", "mobile", "sms", "outbound")).isEqualTo(5);
        assertThat(p.price("GB", "local", "sms", "outbound")).as("the country's default type").isEqualTo(4);
        assertThat(p.price("GB", "tollfree", "sms", "outbound")).as("the country wins over the type").isEqualTo(4);
        assertThat(p.price("US", "tollfree", "sms", "outbound")).as("the default country's type").isEqualTo(2);
        assertThat(p.price("US", "local", "sms", "outbound")).isEqualTo(1);
        assertThat(p.price(null, null, "sms", "outbound")).isEqualTo(1);
        assertThat(p.price("US", "local", "voice", "inbound")).as("priced nowhere").isZero();
    }

    @Test
    void perMinuteChargesEveryStartedMinutePerSecondProRataRoundedUp() {
        PricingSettings minute = load(Map.of());
        assertThat(minute.voiceRounding()).isEqualTo(PricingSettings.VoiceRounding.PER_MINUTE);
        assertThat(minute.voiceCharge(0, 2)).isZero();
        assertThat(minute.voiceCharge(1, 2)).isEqualTo(2);
        assertThat(minute.voiceCharge(60, 2)).isEqualTo(2);
        assertThat(minute.voiceCharge(61, 2)).isEqualTo(4);
        assertThat(minute.voiceCharge(150, 2)).isEqualTo(6);
        PricingSettings second = load(Map.of("cantila.pricing.voice-rounding", "per-second"));
        assertThat(second.voiceCharge(90, 2)).isEqualTo(3);
        assertThat(second.voiceCharge(61, 2)).as("2.03 rounds up").isEqualTo(3);
        assertThat(second.voiceCharge(30, 1)).as("0.5 rounds up").isEqualTo(1);
        assertThat(second.voiceCharge(120, 2)).isEqualTo(4);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> load(Map.of("cantila.pricing.voice-rounding", "per-hour")))
                .hasMessageContaining("cantila.pricing.voice-rounding").hasMessageContaining("per-hour");
        assertThatThrownBy(() -> load(Map.of("cantila.pricing.rates.US.local.sms.outbound", "0.5")))
                .hasMessageContaining("cantila.pricing.rates.US.local.sms.outbound").hasMessageContaining("0.5");
        assertThatThrownBy(() -> load(Map.of("cantila.pricing.rates.US.local.sms.outbound", "-1")))
                .hasMessageContaining("cantila.pricing.rates.US.local.sms.outbound");
        assertThatThrownBy(() -> load(Map.of("cantila.pricing.rates.usa.local.sms.outbound", "1")))
                .hasMessageContaining("cantila.pricing.rates.usa.local.sms.outbound");
        assertThatThrownBy(() -> load(Map.of("cantila.pricing.rates.US.landline.sms.outbound", "1")))
                .hasMessageContaining("landline");
        assertThatThrownBy(() -> load(Map.of("cantila.pricing.rates.US.local.mms.outbound", "1")))
                .hasMessageContaining("mms");
        assertThatThrownBy(() -> load(Map.of("cantila.pricing.currency", "dollars")))
                .hasMessageContaining("cantila.pricing.currency").hasMessageContaining("DOLLARS");
    }
}
