package dev.cantila.engine.freeswitch;

import java.util.Map;

/**
 * A FreeSWITCH event as delivered in {@code text/event-plain}: its headers in the order FreeSWITCH serialized them,
 * values URL-decoded ({@code %23} is {@code #}) and {@code _undef_} read as empty, plus the event's own body
 * ({@code BACKGROUND_JOB} output, {@code MESSAGE} text; empty for most events). Immutable.
 */
record EslEvent(Map<String, String> headers, String body) {

    String name() {
        return get("Event-Name");
    }

    /** The channel the event is about ({@code Unique-ID}), or null. */
    String uuid() {
        return get("Unique-ID");
    }

    /** A header by name (exact, then ignoring case); null when absent. */
    String get(String header) {
        return EslFrame.lookup(headers, header);
    }

    /** A channel variable as carried in the event ({@code variable_<name>}); null when absent. */
    String variable(String name) {
        return get("variable_" + name);
    }
}
