package dev.cantila.runtime.host;

/**
 * A host action refused by the engine (opted-out recipient, unknown template, value too large, rate limit).
 * The runtime turns it into a JS {@code Error} with {@code error.code = code()} and the same message, thrown
 * from the helper the script called; the script may catch it. The code is machine-readable
 * ({@code "opted_out"}, {@code "kv_value_too_large"}); the message is for the script author.
 */
public class HostActionException extends RuntimeException {
    private final String code;

    public HostActionException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
