package dev.cantila.scripts;

/** A phone number that is not one ({@code invalid_phone_number}); the message names the field and says why. */
public final class InvalidPhoneNumber extends IllegalArgumentException {
    public static final String CODE = "invalid_phone_number";
    private final String field;

    public InvalidPhoneNumber(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
