package dev.cantila.scripts.scenario;

/** A scenario file that cannot be read; the message names the file, the line and what is wrong. */
public final class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }
}
