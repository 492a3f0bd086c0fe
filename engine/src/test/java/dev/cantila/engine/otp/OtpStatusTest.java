package dev.cantila.engine.otp;

import dev.cantila.engine.core.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtpStatusTest {
    @Test
    void onlyPendingMovesAndOnlyToATerminalState() {
        for (OtpStatus to : OtpStatus.values()) {
            assertThat(OtpStatus.PENDING.canMoveTo(to)).isEqualTo(to != OtpStatus.PENDING);
            for (OtpStatus from : OtpStatus.values()) {
                if (from != OtpStatus.PENDING) {
                    assertThat(from.canMoveTo(to)).as(from + " → " + to).isFalse();
                }
            }
        }
        assertThatThrownBy(() -> OtpStatus.APPROVED.requireMove(OtpStatus.CANCELED, "otp_1"))
                .isInstanceOf(ApiException.class).hasMessageContaining("otp_1");
    }

    @Test
    void refusalsCarryTheirStatusAndCode() {
        assertThat(OtpStatus.EXPIRED.refusal("o").kind().status()).isEqualTo(410);
        assertThat(OtpStatus.MAX_ATTEMPTS_REACHED.refusal("o").kind().status()).isEqualTo(429);
        assertThat(OtpStatus.MAX_ATTEMPTS_REACHED.refusal("o").retryAfterSeconds()).isPositive();
        assertThat(OtpStatus.APPROVED.refusal("o").code()).isEqualTo("already_approved");
        assertThat(OtpStatus.BLOCKED.refusal("o").kind().status()).isEqualTo(409);
    }

    @Test
    void codesAreDigitsOfTheAskedLength() {
        for (int n = Codes.MIN_LENGTH; n <= Codes.MAX_LENGTH; n++) {
            String code = Codes.generate(n);
            assertThat(code).hasSize(n).containsOnlyDigits();
            assertThat(Codes.wellFormed(code)).isTrue();
        }
        assertThat(Codes.wellFormed("12a4")).isFalse();
        assertThat(Codes.wellFormed("123")).isFalse();
    }

    @Test
    void textsAreLocalisedAndRedacted() {
        var t = OtpTemplates.render(new OtpTemplates.Style("fr", null, null, null, "shop.example", 600), "4829");
        assertThat(t.clear()).isEqualTo("Votre code de vérification est 4829. Il expire dans 10 minutes. Ne le"
                + " partagez pas.\n\n@shop.example #4829");
        assertThat(t.shown()).doesNotContain("4829").contains("est ••••.").endsWith("#••••");
        assertThat(OtpTemplates.language("de-AT")).isEqualTo("de");
        assertThat(OtpTemplates.render(new OtpTemplates.Style("es", "{code}", "{app} {code}", null, null, 120),
                "1234").clear()).as("an app name is not expanded").isEqualTo("{code} 1234");
    }
}
