package dev.cantila.runtime;

import java.util.Map;

/**
 * Builds the small JSON texts handed to the prelude (event, env): one JSON.parse in the context is much
 * cheaper than walking a host proxy member by member in the interpreter.
 */
final class Json {
    private Json() {
    }

    static StringBuilder quote(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** A flat object of strings; values may be null. */
    static String object(Map<String, String> fields) {
        StringBuilder out = new StringBuilder(64 + fields.size() * 32).append('{');
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(out, field.getKey()).append(':');
            quote(out, field.getValue());
        }
        return out.append('}').toString();
    }
}
