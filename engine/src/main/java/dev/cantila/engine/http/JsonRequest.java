package dev.cantila.engine.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cantila.engine.core.ApiException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed JSON object with typed accessors. Every accessor names the field (with its path, e.g.
 * {@code recipients[3].to}) in the 400 it throws, so translators never write their own type checks. Text
 * accessors take the field's longest length (one of {@link Limits}), and {@link #only} refuses a field the
 * endpoint does not know, so a typo is a 400 naming it rather than a silently missing value.
 */
public final class JsonRequest {
    private final ObjectNode node;
    private final String path;

    JsonRequest(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * This object, after checking it holds no field but {@code fields}.
     *
     * @throws dev.cantila.engine.core.ApiException 400 {@code unknown_field} naming the first unknown field
     */
    public JsonRequest only(String... fields) {
        if (node == null) {
            return this;
        }
        Set<String> known = Set.of(fields);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                String shown = name(f.length() > 100 ? f.substring(0, 100) + "…" : f);
                throw ApiException.invalid("unknown_field", shown, "unknown field " + shown
                        + (fields.length == 0 ? "; this request takes no fields"
                        : "; expected " + String.join(", ", fields)));
            }
        }
        return this;
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public String string(String field, int maxLength) {
        String v = optString(field, maxLength);
        if (v == null) {
            throw ApiException.invalid(name(field), name(field) + " is required");
        }
        return v;
    }

    public String optString(String field, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(name(field), name(field) + " must be a string");
        }
        return text(v.asText(), name(field), maxLength);
    }

    /**
     * Refuses text longer than {@code maxLength}, text PostgreSQL cannot store (NUL) or that is not valid UTF-16
     * (a lone surrogate), so that H2 and PostgreSQL answer the same: 400 naming the field, never a 500.
     */
    private static String text(String s, String field, int maxLength) {
        if (s.length() > maxLength) {
            throw ApiException.invalid(field, field + " is longer than " + maxLength + " characters ("
                    + s.length() + ")");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw ApiException.invalid(field, field + " contains a NUL character");
            }
            if (Character.isHighSurrogate(c) && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(++i)))
                    || Character.isLowSurrogate(c)) {
                throw ApiException.invalid(field, field + " contains an unpaired UTF-16 surrogate");
            }
        }
        return s;
    }

    public Integer optInt(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.invalid(name(field), name(field) + " must be a whole number");
        }
        return v.asInt();
    }

    public Double optDouble(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw ApiException.invalid(name(field), name(field) + " must be a number");
        }
        return v.asDouble();
    }

    public Boolean optBool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid(name(field), name(field) + " must be true or false");
        }
        return v.asBoolean();
    }

    /**
     * A JSON object of string-valued (or number/boolean, stringified) entries, e.g. template variables: at most
     * {@code maxEntries}, names up to {@code maxName} and values up to {@code maxValue} characters.
     */
    public Map<String, String> optStringMap(String field, int maxEntries, int maxName, int maxValue) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw ApiException.invalid(name(field), name(field) + " must be an object of strings");
        }
        if (v.size() > maxEntries) {
            throw ApiException.invalid(name(field), name(field) + " holds at most " + maxEntries
                    + " entries (" + v.size() + ")");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw ApiException.invalid(name(field) + "." + e.getKey(),
                        name(field) + "." + e.getKey() + " must be a string, number or boolean");
            }
            out.put(text(e.getKey(), name(field), maxName), text(value.asText(), name(field) + "." + e.getKey(),
                    maxValue));
        }
        return out;
    }

    /** A nested object, or null when absent or null; errors inside it name {@code field.sub}. */
    public JsonRequest optObject(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!(v instanceof ObjectNode o)) {
            throw ApiException.invalid(name(field), name(field) + " must be an object");
        }
        return new JsonRequest(o, name(field) + ".");
    }

    /** An array of at most {@code maxItems} strings of up to {@code maxLength} characters, or null when absent. */
    public List<String> optStringList(String field, int maxItems, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.invalid(name(field), name(field) + " must be an array of strings");
        }
        if (v.size() > maxItems) {
            throw ApiException.invalid(name(field), name(field) + " holds at most " + maxItems
                    + " items (" + v.size() + ")");
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw ApiException.invalid(name(field) + "[" + i + "]", name(field) + "[" + i + "] must be a string");
            }
            out.add(text(v.get(i).asText(), name(field) + "[" + i + "]", maxLength));
        }
        return out;
    }

    /** An array of objects; each element comes back as a JsonRequest whose errors carry its index. */
    public List<JsonRequest> objects(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.invalid(name(field), name(field) + " is required");
        }
        if (!v.isArray()) {
            throw ApiException.invalid(name(field), name(field) + " must be an array");
        }
        List<JsonRequest> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode el = v.get(i);
            String elPath = name(field) + "[" + i + "]";
            if (el.isTextual()) {
                ObjectNode wrapped = Json.MAPPER.createObjectNode().put("to", el.asText());
                out.add(new JsonRequest(wrapped, elPath + "."));
            } else if (el instanceof ObjectNode o) {
                out.add(new JsonRequest(o, elPath + "."));
            } else {
                out.add(new JsonRequest(null, elPath + "."));
            }
        }
        return out;
    }

    /** True when this element of an array was not a JSON object (see {@link #objects}). */
    public boolean isMissing() {
        return node == null;
    }

    public String name(String field) {
        return path + field;
    }
}
