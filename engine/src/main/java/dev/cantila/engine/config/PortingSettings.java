package dev.cantila.engine.config;

import io.helidon.config.Config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code cantila.porting.*}: the simulated losing carrier and the port-in clock.
 *
 * @param reviewDelay     how long our review of a new or resubmitted request takes ({@code review-delay})
 * @param carrierDelay    how long the losing carrier takes to answer a signed request ({@code carrier-delay})
 * @param signatureWindow how long a request waits for its e-signature before it expires ({@code signature-window})
 * @param timeScale       how many times faster than the engine's clock porting time runs ({@code time-scale},
 *                        env {@code CANTILA_PORTING_TIME_SCALE}): every wait above and the wait until the FOC instant
 *                        are divided by it. 1 in production; e.g. 100000 for a demo in which a port completes in
 *                        seconds. Dates shown (target, FOC) stay the nominal ones.
 * @param poll            how often the carrier's worker looks for due steps ({@code poll})
 */
public record PortingSettings(Duration reviewDelay, Duration carrierDelay, Duration signatureWindow, double timeScale,
                              Duration poll) {

    public static PortingSettings defaults() {
        return new PortingSettings(Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofDays(30), 1,
                Duration.ofSeconds(1));
    }

    /** {@code waited} of porting time, in the engine's clock's milliseconds. */
    public long scaled(long waitedMillis) {
        return waitedMillis <= 0 ? 0 : Math.max(1, Math.round(waitedMillis / timeScale));
    }

    static PortingSettings read(Config p, Map<String, String> env) {
        PortingSettings d = defaults();
        String scaleText = env.getOrDefault("CANTILA_PORTING_TIME_SCALE",
                p.get("time-scale").asString().orElse("1"));
        double scale;
        try {
            scale = Double.parseDouble(scaleText);
        } catch (NumberFormatException e) {
            scale = -1;
        }
        if (!(scale >= 1 && scale <= 1e9)) {
            throw new SettingsException("cantila.porting.time-scale / CANTILA_PORTING_TIME_SCALE must be a number from 1"
                    + " to 1e9, got '" + scaleText + "'");
        }
        return new PortingSettings(
                Settings.duration(p.get("review-delay"), d.reviewDelay(), "cantila.porting.review-delay"),
                Settings.duration(p.get("carrier-delay"), d.carrierDelay(), "cantila.porting.carrier-delay"),
                nonZero(Settings.duration(p.get("signature-window"), d.signatureWindow(),
                        "cantila.porting.signature-window"), "cantila.porting.signature-window"),
                scale,
                nonZero(Settings.duration(p.get("poll"), d.poll(), "cantila.porting.poll"), "cantila.porting.poll"));
    }

    private static Duration nonZero(Duration d, String key) {
        if (d.isZero()) {
            throw new SettingsException(key + " must be longer than zero, got " + d);
        }
        return d;
    }
}
