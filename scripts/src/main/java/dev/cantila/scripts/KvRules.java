package dev.cantila.scripts;

import dev.cantila.runtime.host.HostActionException;

/**
 * The limits of {@code ctx.kv}, the same for the engine's store and the offline world: keys 1-128 characters,
 * values (JSON text) at most 16 KB, at most 1,000 keys per project. A breach is an error the script sees.
 */
public final class KvRules {
    public static final int MAX_KEY = 128;
    public static final int MAX_VALUE = 16 * 1024;
    public static final int MAX_KEYS = 1000;

    private KvRules() {
    }

    /** @throws HostActionException {@code kv_bad_key} */
    public static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY) {
            throw new HostActionException("kv_bad_key", "ctx.kv keys are 1-" + MAX_KEY + " characters");
        }
    }

    /** @throws HostActionException {@code kv_value_too_large} */
    public static void checkValue(String json) {
        if (json == null || json.length() > MAX_VALUE) {
            throw new HostActionException("kv_value_too_large", "ctx.kv values are at most " + MAX_VALUE
                    + " characters of JSON");
        }
    }

    /** What a set of a new key gets when the project already holds {@link #MAX_KEYS}. */
    public static HostActionException full() {
        return new HostActionException("kv_full", "ctx.kv holds at most " + MAX_KEYS + " keys per project");
    }
}
