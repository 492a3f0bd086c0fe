package dev.cantila.engine.freeswitch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the fake reads a dial string, the way {@code switch_ivr_originate} does for what we send:
 * {@code {global vars}[leg vars]endpoint|[leg vars]endpoint}. Values may be wrapped in single quotes (then they may
 * hold commas and spaces). {@code |} separates sequential attempts; {@code ,} (simultaneous ringing) is read as
 * sequential too, which is all the fake needs.
 */
record FakeDialString(Map<String, String> globals, List<Leg> legs) {

    record Leg(Map<String, String> vars, String endpoint) {
        /** The number or user at the end of the endpoint ({@code sofia/gateway/carrier/14155550100} → the digits). */
        String number() {
            return endpoint.substring(endpoint.lastIndexOf('/') + 1);
        }

        String var(String name, Map<String, String> globals) {
            String v = vars.get(name);
            return v != null ? v : globals.get(name);
        }
    }

    static FakeDialString parse(String dial) {
        Map<String, String> globals = new LinkedHashMap<>();
        String rest = dial.trim();
        if (rest.startsWith("{")) {
            int end = closing(rest, '}');
            globals.putAll(vars(rest.substring(1, end)));
            rest = rest.substring(end + 1);
        }
        List<Leg> legs = new ArrayList<>();
        for (String part : split(rest, "|,")) {
            String p = part.trim();
            Map<String, String> vars = new LinkedHashMap<>();
            if (p.startsWith("[")) {
                int end = closing(p, ']');
                vars.putAll(vars(p.substring(1, end)));
                p = p.substring(end + 1);
            }
            if (!p.isEmpty()) {
                legs.add(new Leg(vars, p));
            }
        }
        return new FakeDialString(globals, legs);
    }

    private static int closing(String s, char close) {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == close && !quoted) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced '" + close + "' in dial string " + s);
    }

    private static Map<String, String> vars(String list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : split(list, ",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                String v = kv.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
                    v = v.substring(1, v.length() - 1);
                }
                out.put(kv.substring(0, eq).trim(), v);
            }
        }
        return out;
    }

    /** Splits on any of {@code separators} outside quotes and brackets. */
    private static List<String> split(String s, String separators) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ']' || c == '}')) {
                depth--;
            } else if (!quoted && depth == 0 && separators.indexOf(c) >= 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
