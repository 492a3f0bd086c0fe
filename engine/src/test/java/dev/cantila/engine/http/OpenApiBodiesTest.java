package dev.cantila.engine.http;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document describes request bodies as the server reads them: every body schema (and every object
 * inside one, bar free-form maps) refuses fields it does not list, and every string has a bound that is one of
 * {@link Limits} (or an enum, a pattern).
 */
class OpenApiBodiesTest {

    @SuppressWarnings("unchecked")
    @Test
    void everyRequestBodyIsClosedAndEveryStringIsBoundedByALimit() throws Exception {
        Map<String, Object> doc;
        try (InputStream in = OpenApiBodiesTest.class.getResourceAsStream("/openapi.yaml")) {
            doc = new Yaml().load(in);
        }
        var bodies = (Map<String, Map<String, Object>>) ((Map<String, Object>) doc.get("components")).get("requestBodies");
        assertThat(bodies).isNotEmpty();
        List<String> problems = new ArrayList<>();
        Set<Integer> limits = limits();
        bodies.forEach((name, body) -> {
            var content = (Map<String, Map<String, Object>>) body.get("content");
            check(name, content.get("application/json").get("schema"), limits, problems);
        });
        assertThat(problems).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void check(String where, Object node, Set<Integer> limits, List<String> problems) {
        if (!(node instanceof Map<?, ?> raw)) {
            return;
        }
        Map<String, Object> schema = (Map<String, Object>) raw;
        Object type = schema.get("type");
        if ("string".equals(type) && !schema.containsKey("enum") && !schema.containsKey("pattern")) {
            Object max = schema.get("maxLength");
            if (!(max instanceof Integer m) || !limits.contains(m)) {
                problems.add(where + ": maxLength " + max + " is not one of http.Limits");
            }
        }
        if (schema.containsKey("properties") && !Boolean.FALSE.equals(schema.get("additionalProperties"))) {
            problems.add(where + ": lists properties but does not refuse others (additionalProperties: false)");
        }
        ((Map<String, Object>) schema.getOrDefault("properties", Map.of()))
                .forEach((k, v) -> check(where + "." + k, v, limits, problems));
        check(where + "[]", schema.get("items"), limits, problems);
        if (schema.get("additionalProperties") instanceof Map<?, ?> values) {
            check(where + ".*", values, limits, problems);
        }
        for (Object alternative : (List<Object>) schema.getOrDefault("oneOf", List.of())) {
            check(where, alternative, limits, problems);
        }
    }

    private static Set<Integer> limits() throws IllegalAccessException {
        Set<Integer> out = new HashSet<>();
        for (Field f : Limits.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                out.add(f.getInt(null));
            }
        }
        return out;
    }
}
