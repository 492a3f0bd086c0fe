package dev.cantila.runtime;

/** One line of the execution log: level is debug, info, warn or error; objects were JSON-stringified in JS. */
public record LogLine(String level, String text) {
}
