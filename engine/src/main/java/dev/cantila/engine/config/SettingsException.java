package dev.cantila.engine.config;

/** A bad setting; the message names the key (or variable) and the bad value. Start-up stops with it. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
