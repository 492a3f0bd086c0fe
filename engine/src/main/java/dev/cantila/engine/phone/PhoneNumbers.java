package dev.cantila.engine.phone;

import dev.cantila.engine.core.ApiException;
import dev.cantila.scripts.InvalidPhoneNumber;

/**
 * The engine's view of phone number parsing ({@link dev.cantila.scripts.PhoneNumbers}, shared with {@code cantila
 * test}): the same functions, failing with an {@link ApiException} {@code invalid_phone_number} (400 naming the
 * field and saying why).
 */
public final class PhoneNumbers {
    private PhoneNumbers() {
    }

    /** @see dev.cantila.scripts.PhoneNumbers#toE164 */
    public static String toE164(String raw, String defaultRegion, String field) {
        try {
            return dev.cantila.scripts.PhoneNumbers.toE164(raw, defaultRegion, field);
        } catch (InvalidPhoneNumber e) {
            throw api(e);
        }
    }

    /** @see dev.cantila.scripts.PhoneNumbers#fromPath */
    public static String fromPath(String raw, String field) {
        try {
            return dev.cantila.scripts.PhoneNumbers.fromPath(raw, field);
        } catch (InvalidPhoneNumber e) {
            throw api(e);
        }
    }

    /** @see dev.cantila.scripts.PhoneNumbers#regionOf */
    public static String regionOf(String e164) {
        return dev.cantila.scripts.PhoneNumbers.regionOf(e164);
    }

    private static ApiException api(InvalidPhoneNumber e) {
        return ApiException.invalid(InvalidPhoneNumber.CODE, e.field(), e.getMessage());
    }
}
