package dev.cantila.engine.phone;

import dev.cantila.engine.core.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PhoneNumbersTest {

    private static ApiException rejected(String raw, String region) {
        return catchThrowableOfType(ApiException.class, () -> PhoneNumbers.toE164(raw, region, "to"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "+14155550100       | null | +14155550100",
            "+1 (415) 555-0100  | null | +14155550100",
            "415 555 0100       | US   | +14155550100",
            "(415) 555-0100     | US   | +14155550100",
            "415.555.0100       | us   | +14155550100",
            "1 415 555 0100     | US   | +14155550100",
            "011 44 20 7946 0018| US   | +442079460018",
            "+44 20 7946 0018   | null | +442079460018",
            "+44 20 7946 0018   | US   | +442079460018",
            "0044 20 7946 0018  | null | +442079460018",
            "0044 20 7946 0018  | US   | +442079460018",
            "020 7946 0018      | GB   | +442079460018",
            "+49 30 901820      | null | +4930901820",
    })
    void acceptsInternationalAndNationalForms(String raw, String region, String e164) {
        assertThat(PhoneNumbers.toE164(raw, region, "to")).isEqualTo(e164);
    }

    @Test
    void tooShortSaysSo() {
        ApiException e = rejected("12", "US");
        assertThat(e.kind()).isEqualTo(ApiException.Kind.INVALID);
        assertThat(e.code()).isEqualTo("invalid_phone_number");
        assertThat(e.field()).isEqualTo("to");
        assertThat(e.getMessage()).isEqualTo("to '12' is not a valid phone number: too short");
        assertThat(rejected("+1 415", null).getMessage()).endsWith(": too short");
    }

    @Test
    void tooLongSaysSo() {
        assertThat(rejected("+1 415 555 0100 1234 5678", null).getMessage()).endsWith(": too long");
        assertThat(rejected("415 555 0100 99", "US").getMessage()).endsWith(": too long");
    }

    @Test
    void lettersAreNotANumber() {
        assertThat(rejected("call me", "US").getMessage()).isEqualTo(
                "to 'call me' is not a valid phone number: not a number (only digits, spaces, + - . ( ) / are allowed)");
        assertThat(rejected("1-800-FLOWERS", "US").getMessage()).contains("not a number");
        assertThat(rejected("+---", null).getMessage()).endsWith(": not a number");
    }

    @Test
    void blankIsEmpty() {
        assertThat(rejected("   ", "US").getMessage()).isEqualTo("to '   ' is not a valid phone number: it is empty");
        assertThat(rejected(null, "US").getMessage()).endsWith(": it is empty");
    }

    @Test
    void nationalFormWithoutRegionIsMissingCountryCode() {
        assertThat(rejected("415 555 0100", null).getMessage())
                .startsWith("to '415 555 0100' is not a valid phone number: missing country code");
    }

    @Test
    void numberNotAllocatedInItsRegionIsInvalidForThatRegion() {
        assertThat(rejected("+1 099 555 0100", null).getMessage()).endsWith(": invalid for region US");
        assertThat(rejected("099 555 0100", "US").getMessage()).endsWith(": invalid for region US");
    }

    @Test
    void unknownCountryCodeOrRegionSaysSo() {
        assertThat(rejected("+999 1234 5678", null).getMessage()).contains("unknown country code");
        assertThat(rejected("415 555 0100", "XX").getMessage()).contains("unknown country 'XX'");
    }

    @Test
    void regionOfE164() {
        assertThat(PhoneNumbers.regionOf("+14155550100")).isEqualTo("US");
        assertThat(PhoneNumbers.regionOf("+442079460018")).isEqualTo("GB");
        assertThat(PhoneNumbers.regionOf("+16135550100")).isEqualTo("CA");
    }
}
