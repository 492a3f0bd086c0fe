package dev.cantila.engine.readme;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the tour's runner fills what the README leaves to the reader, written down once:
 * <ul>
 * <li>{@code cop_...}: the operator key the server printed;</li>
 * <li>{@code http://localhost:8080}: the same URL with the port the server was started on (the README: "if port
 * 8080 was taken, start the server with another port and use that port here");</li>
 * <li>{@code --data /tmp/cantila-demo}: a fresh directory per run; {@code 9999} (the listener's port, a whole
 * number): a free port — fixed ports would collide with other builds on the machine;</li>
 * <li>{@code N=+1...}: the {@code e164} the activation answered (the newest answer with a top-level {@code e164});</li>
 * <li>{@code prefix_...} ({@code proj_...}, {@code msg_...}, {@code tpl_...}, {@code bulk_...}, {@code dlv_...}):
 * the first id with that prefix in the newest answer that has one — the "id" of the answer just printed, or the
 * first row of a list — searching fields named {@code id} first, then any value.</li>
 * </ul>
 * Anything else runs exactly as written.
 */
final class Placeholders {
    private static final Pattern ID = Pattern.compile("\\b([a-z]+)_\\.\\.\\.");
    private static final Pattern NUMBER = Pattern.compile("=\\+1\\.\\.\\.");
    private static final Pattern LISTENER_PORT = Pattern.compile("\\b9999\\b");

    private final Map<String, String> literal;
    private final String listenerPort;
    private final List<TourShell.Answer> answers = new ArrayList<>();

    /** {@code literal}: text to replace as is (the key, the URL, the data directory). */
    Placeholders(Map<String, String> literal, int listenerPort) {
        this.literal = literal;
        this.listenerPort = Integer.toString(listenerPort);
    }

    /** Remembers what a command printed, for the placeholders of the next ones. */
    void answered(List<TourShell.Answer> more) {
        answers.addAll(more);
    }

    String fill(String command) {
        String out = command;
        for (Map.Entry<String, String> e : literal.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        out = LISTENER_PORT.matcher(out).replaceAll(listenerPort);
        out = NUMBER.matcher(out).replaceAll(m -> "=" + Matcher.quoteReplacement(newest("e164")));
        return ID.matcher(out).replaceAll(m -> Matcher.quoteReplacement(id(m.group(1) + "_")));
    }

    private String newest(String field) {
        for (TourShell.Answer a : answers.reversed()) {
            JsonNode v = a.json().path(field);
            if (v.isTextual()) {
                return v.asText();
            }
        }
        throw new AssertionError("no answer so far has a top-level \"" + field + "\" to fill the placeholder");
    }

    private String id(String prefix) {
        for (TourShell.Answer a : answers.reversed()) {
            Optional<String> found = find(a.json(), prefix, true).or(() -> find(a.json(), prefix, false));
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new AssertionError("no answer so far has an id starting with " + prefix + " to fill " + prefix + "...");
    }

    /** Depth-first in document order: the first string starting with prefix (in a field "id" when idOnly). */
    private static Optional<String> find(JsonNode node, String prefix, boolean idOnly) {
        if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var f = fields.next();
                JsonNode v = f.getValue();
                if (v.isTextual() && v.asText().startsWith(prefix) && (!idOnly || f.getKey().equals("id"))) {
                    return Optional.of(v.asText());
                }
                Optional<String> inner = find(v, prefix, idOnly);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode v : node) {
                Optional<String> inner = find(v, prefix, idOnly);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }
}
