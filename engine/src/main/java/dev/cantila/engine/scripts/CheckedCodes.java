package dev.cantila.engine.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cantila.engine.http.Json;
import dev.cantila.runtime.host.OtpHost;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's {@code ctx.otp}, remembering every code the handler checked, so the run's execution record can be written
 * without them: the runtime already records {@code otp.verify} with the code redacted, but the same digits are
 * usually the inbound SMS body (the user texted the code back) and may be in the handler's logs. {@link #redact}
 * replaces each checked code, as a whole run of digits, in every text of the record. Filled on the script's
 * worker thread, read after the run; a code the run checked after it was recorded (a KILLED run) may stay.
 */
final class CheckedCodes implements OtpHost {
    static final String REDACTED = "[redacted]";
    private final OtpHost otp;
    /** Concurrent: a KILLED run's abandoned thread may still check a code while the record is written. */
    private final Set<String> codes = ConcurrentHashMap.newKeySet();

    CheckedCodes(OtpHost otp) {
        this.otp = otp;
    }

    @Override
    public Sent request(Request request) {
        return otp.request(request);
    }

    @Override
    public Checked verify(String to, String code) {
        if (code != null && !code.isBlank()) {
            codes.add(code.strip());
        }
        return otp.verify(to, code);
    }

    /** {@code detail} unchanged when no code was checked; else a copy with the codes replaced in its texts. */
    Map<String, Object> redact(Map<String, Object> detail) {
        if (codes.isEmpty()) {
            return detail;
        }
        Pattern any = Pattern.compile("(?<!\\d)(" + String.join("|", codes.stream().map(Pattern::quote).toList())
                + ")(?!\\d)");
        ObjectNode tree = Json.tree(detail);
        Map<String, Object> out = new LinkedHashMap<>();
        tree.properties().forEach(e -> out.put(e.getKey(), walk(e.getValue(), any)));
        return out;
    }

    private static JsonNode walk(JsonNode node, Pattern codes) {
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> e.setValue(walk(e.getValue(), codes)));
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, walk(a.get(i), codes));
            }
            return a;
        }
        if (node.isTextual()) {
            Matcher m = codes.matcher(node.asText());
            return m.find() ? TextNode.valueOf(m.replaceAll(REDACTED)) : node;
        }
        return node;
    }
}
