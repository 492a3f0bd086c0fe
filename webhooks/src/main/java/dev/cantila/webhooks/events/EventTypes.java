package dev.cantila.webhooks.events;

import dev.cantila.webhooks.WebhookException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The known event types and the patterns endpoints subscribe with: an exact type ({@code sms.inbound}), a family
 * wildcard ({@code sms.*}, valid when at least one known type is in the family) or {@code *} (everything,
 * including types added later). Immutable and thread-safe.
 */
public final class EventTypes {
    private final Set<String> known;

    public EventTypes(Set<String> known) {
        this.known = Set.copyOf(known);
    }

    /** The known types, sorted. */
    public List<String> known() {
        return List.copyOf(new TreeSet<>(known));
    }

    /**
     * Checks subscription patterns and returns them without duplicates, in the order given.
     *
     * @throws WebhookException {@code invalid_event_type} on field {@code events} for an empty list or a
     *                          pattern that matches no known type
     */
    public List<String> requirePatterns(List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            throw WebhookException.invalid("invalid_event_type", "events",
                    "events must name at least one event type; known: " + known());
        }
        Set<String> out = new LinkedHashSet<>();
        for (String pattern : patterns) {
            String p = pattern == null ? "" : pattern.strip();
            if (known.stream().noneMatch(type -> matches(p, type))) {
                throw WebhookException.invalid("invalid_event_type", "events", "unknown event type '" + p
                        + "'; known: " + known() + ", or a family wildcard such as sms.*, or *");
            }
            out.add(p);
        }
        return new ArrayList<>(out);
    }

    /**
     * Checks the type of an event being emitted: it must be a known, concrete type.
     *
     * @throws WebhookException {@code invalid_event_type} on field {@code type}
     */
    public void requireKnown(String type) {
        if (!known.contains(type)) {
            throw WebhookException.invalid("invalid_event_type", "type",
                    "cannot emit unknown event type '" + type + "'; known: " + known());
        }
    }

    /** Whether one subscription pattern covers {@code type}. */
    public static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }

    /** Whether any of {@code patterns} covers {@code type}. */
    public static boolean subscribed(List<String> patterns, String type) {
        return patterns.stream().anyMatch(p -> matches(p, type));
    }
}
