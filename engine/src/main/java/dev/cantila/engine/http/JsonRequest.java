package dev.cantila.engine.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cantila.engine.core.ApiException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON object with typed accessors. Every accessor names the field (with its path, e.g.
 * {@code recipients[3].to}) in the 400 it throws, so translators never write their own type checks.
 */
public final class JsonRequest {
    private final ObjectNode node;
    private final String path;

    JsonRequest(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public String string(String field) {
        String v = optString(field);
        if (v == null) {
            throw ApiException.invalid(name(field), name(field) + " is required");
        }
        return v;
    }

    public String optString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(name(field), name(field) + " must be a string");
        }
        return text(v.asText(), name(field));
    }

    /**
     * Refuses text PostgreSQL cannot store (NUL) or that is not valid UTF-16 (a lone surrogate), so that H2 and
     * PostgreSQL answer the same: 400 naming the field, never a 500.
     */
    private static String text(String s, String field) {
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

    /** A JSON object of string-valued (or number/boolean, stringified) entries, e.g. template variables. */
    public Map<String, String> optStringMap(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw ApiException.invalid(name(field), name(field) + " must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw ApiException.invalid(name(field) + "." + e.getKey(),
                        name(field) + "." + e.getKey() + " must be a string, number or boolean");
            }
            out.put(text(e.getKey(), name(field)), text(value.asText(), name(field) + "." + e.getKey()));
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

    /** An array of strings, or null when absent. */
    public List<String> optStringList(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.invalid(name(field), name(field) + " must be an array of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw ApiException.invalid(name(field) + "[" + i + "]", name(field) + "[" + i + "] must be a string");
            }
            out.add(text(v.get(i).asText(), name(field) + "[" + i + "]"));
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
