package dev.cantila.engine.voice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.http.Limits;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An outbound call's {@code params}: up to 20 strings the app hands to the handler ({@code call.params.code}),
 * stored with the call as a JSON object. Keys 1-64 characters, values up to 1,024.
 */
final class CallParams {
    static final int MAX_PARAMS = Limits.PARAMS;
    static final int MAX_KEY = Limits.PARAM_KEY;
    static final int MAX_VALUE = Limits.PARAM_VALUE;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CallParams() {
    }

    /** @throws ApiException 400 naming {@code params} when a limit is broken */
    static Map<String, String> check(Map<String, String> params) {
        if (params == null) {
            return Map.of();
        }
        if (params.size() > MAX_PARAMS) {
            throw ApiException.invalid("params", "params holds at most " + MAX_PARAMS + " entries, got " + params.size());
        }
        params.forEach((k, v) -> {
            if (k.isEmpty() || k.length() > MAX_KEY) {
                throw ApiException.invalid("params", "params keys are 1-" + MAX_KEY + " characters: '" + k + "'");
            }
            if (v.length() > MAX_VALUE) {
                throw ApiException.invalid("params", "params." + k + " is longer than " + MAX_VALUE + " characters");
            }
        });
        if (!params.isEmpty() && toJson(params).length() > Limits.PARAMS_JSON) {
            throw ApiException.invalid("params", "params is longer than " + Limits.PARAMS_JSON
                    + " characters as JSON");
        }
        return new LinkedHashMap<>(params);
    }

    static String toJson(Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("params are strings and always serialise", e);
        }
    }

    static Map<String, String> fromJson(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("calls.params holds JSON written by CallParams: " + json, e);
        }
    }
}
