package dev.cantila.engine.phone;
import com.google.i18n.phonenumbers.*;
import dev.cantila.engine.core.ApiException;
// PLACEHOLDER until branch smstext merges
public final class PhoneNumbers {
    private static final PhoneNumberUtil U = PhoneNumberUtil.getInstance();
    public static String toE164(String raw, String defaultRegion, String field) {
        try { var n = U.parse(raw, defaultRegion); if (!U.isValidNumber(n)) throw ApiException.invalid("invalid_phone_number", field, field + " invalid");
            return U.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) { throw ApiException.invalid("invalid_phone_number", field, field + " '" + raw + "' is not a valid phone number: " + e.getMessage()); }
    }
    public static String regionOf(String e164) {
        try { return U.getRegionCodeForNumber(U.parse(e164, null)); } catch (NumberParseException e) { throw new IllegalArgumentException(e); }
    }
}
