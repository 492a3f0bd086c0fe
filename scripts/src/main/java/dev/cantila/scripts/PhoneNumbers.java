package dev.cantila.scripts;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Client-typed phone numbers to E.164, with libphonenumber's metadata deciding validity. Pure and thread-safe
 * ({@link PhoneNumberUtil} is).
 *
 * <p>Accepted: E.164 and other {@code +}-prefixed international forms, {@code 00}-prefixed international forms,
 * the default region's own international prefix (e.g. {@code 011} for US), and national forms of the default
 * region ({@code 415 555 0100}, {@code (415) 555-0100}). Letters (vanity numbers, {@code ext.}) are rejected:
 * a message or a call goes to a number, and guessing is worse than a clear 400.
 *
 * <p>Shared by the engine (every API field and every handler action) and the offline world of {@code cantila
 * test}, so a number a scenario accepts is one the engine accepts.
 */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** Digits and the punctuation people type between them. */
    private static final Pattern ALLOWED = Pattern.compile("[0-9+\\-.()/\\s]+");

    private PhoneNumbers() {
    }

    /**
     * @param defaultRegion ISO 3166 country ("US") for national forms; null accepts only international forms
     * @param field         the request field, named in the 400
     * @return the number in E.164 ({@code +14155550100})
     * @throws InvalidPhoneNumber naming {@code field} and saying why
     */
    public static String toE164(String raw, String defaultRegion, String field) {
        if (raw == null || raw.isBlank()) {
            throw invalid(field, raw == null ? "" : raw, "it is empty");
        }
        String text = raw.strip();
        if (!ALLOWED.matcher(text).matches()) {
            throw invalid(field, raw, "not a number (only digits, spaces, + - . ( ) / are allowed)");
        }
        String region = defaultRegion == null ? null : defaultRegion.strip().toUpperCase(Locale.ROOT);
        if (region != null && !UTIL.getSupportedRegions().contains(region)) {
            throw invalid(field, raw, "unknown country '" + defaultRegion + "' for a national number");
        }
        if (text.startsWith("00")) {
            text = "+" + text.substring(2);
        }
        PhoneNumber number = parse(text, region, field, raw);
        switch (UTIL.isPossibleNumberWithReason(number)) {
            case IS_POSSIBLE -> {
            }
            case TOO_SHORT, IS_POSSIBLE_LOCAL_ONLY -> throw invalid(field, raw, "too short");
            case TOO_LONG -> throw invalid(field, raw, "too long");
            case INVALID_COUNTRY_CODE -> throw invalid(field, raw, "unknown country code +" + number.getCountryCode());
            case INVALID_LENGTH -> throw invalid(field, raw, "wrong length for region " + regionOf(number));
        }
        if (!UTIL.isValidNumber(number)) {
            throw invalid(field, raw, "invalid for region " + regionOf(number));
        }
        return UTIL.format(number, PhoneNumberFormat.E164);
    }

    /**
     * The ISO region of an E.164 number ("US"; "001" for non-geographic numbers such as +800), for numbers
     * produced by {@link #toE164}.
     *
     * @throws IllegalArgumentException when {@code e164} does not parse
     */
    /**
     * A number from a URL path: E.164 with its {@code +} (sent as {@code %2B}) or the same digits without it, since a
     * bare {@code +} in a path is easily lost.
     */
    public static String fromPath(String raw, String field) {
        String s = raw == null ? "" : raw.strip();
        return toE164(s.matches("\\d{8,15}") ? "+" + s : s, null, field);
    }

    public static String regionOf(String e164) {
        try {
            return regionOf(UTIL.parse(e164, null));
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("not an E.164 number: '" + e164 + "': " + e.getMessage(), e);
        }
    }

    private static String regionOf(PhoneNumber number) {
        String region = UTIL.getRegionCodeForNumber(number);
        return region != null ? region : UTIL.getRegionCodeForCountryCode(number.getCountryCode());
    }

    private static PhoneNumber parse(String text, String region, String field, String raw) {
        try {
            return UTIL.parse(text, region);
        } catch (NumberParseException e) {
            throw invalid(field, raw, switch (e.getErrorType()) {
                case INVALID_COUNTRY_CODE -> text.startsWith("+")
                        ? "unknown country code"
                        : "missing country code (write it as +<country code><number>, or give a country)";
                case NOT_A_NUMBER -> "not a number";
                case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
                case TOO_LONG -> "too long";
            });
        }
    }

    private static InvalidPhoneNumber invalid(String field, String raw, String why) {
        return new InvalidPhoneNumber(field, field + " '" + raw + "' is not a valid phone number: " + why);
    }
}
