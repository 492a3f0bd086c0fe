package dev.cantila.engine.porting;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LosingCarrierTest {
    private static final LocalDate MONDAY = LocalDate.parse("2026-03-02");

    private static LosingCarrier.Answer ask(String number, String account, String pin, String signer, String address,
                                            String target) {
        return LosingCarrier.decide(new LosingCarrier.Request(List.of(number), account, pin, "Ada Lovelace", address,
                signer, target == null ? null : LocalDate.parse(target)), MONDAY);
    }

    private static String code(LosingCarrier.Answer a) {
        return a instanceof LosingCarrier.Refusal r ? r.status().wire() + ":" + r.code() : "foc:" + ((LosingCarrier.Foc) a).date();
    }

    @Test
    void rulesInOrder() {
        String ok = "1 Main St, Denver, CO 80202";
        assertThat(code(ask("+17202019999", "A1", "0000", "x", "", null))).isEqualTo("rejected:number_not_on_account");
        assertThat(code(ask("+17202010001", "A1", "0000", "x", "", null))).isEqualTo("action_required:pin_mismatch");
        assertThat(code(ask("+17202010001", "000", null, "x", "", null)))
                .isEqualTo("action_required:account_number_mismatch");
        assertThat(code(ask("+17202010001", "A1", null, "Grace Hopper", ok, null))).isEqualTo("action_required:name_mismatch");
        assertThat(code(ask("+17202010001", "A1", null, "ada lovelace", "Denver", null)))
                .isEqualTo("action_required:address_mismatch");
        assertThat(code(ask("+447700900123", "A1", null, "ada lovelace", "London", null))).as("no ZIP outside NANP")
                .isEqualTo("foc:2026-03-09");
        assertThat(code(ask("+17202010001", "A1", null, "Ada  Lovelace", ok, "2026-03-20"))).isEqualTo("foc:2026-03-20");
        assertThat(code(ask("+17202010001", "A1", null, "Ada Lovelace", ok, "2026-03-03"))).as("earliest wins")
                .isEqualTo("foc:2026-03-09");
    }
}
