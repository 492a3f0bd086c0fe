package dev.cantila.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A small real-HTTP client for integration tests: JSON in, {@link Resp} out, with a bearer key. Every exchange is
 * checked against the OpenAPI document ({@link Contract}): an answer the document does not describe fails the test.
 * {@code as(key)} returns a client acting with another key.
 */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String key;

    public Api(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    public Api as(String otherKey) {
        return new Api(base, otherKey);
    }

    public URI base() {
        return base;
    }

    /** The bearer key this client sends (null: none). */
    public String key() {
        return key;
    }

    public Resp get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Resp delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    public Resp post(String path, String json) {
        return send("POST", path, json, Map.of());
    }

    public Resp post(String path, String json, Map<String, String> headers) {
        return send("POST", path, json, headers);
    }

    public Resp put(String path, String json) {
        return send("PUT", path, json, Map.of());
    }

    public Resp patch(String path, String json) {
        return send("PATCH", path, json, Map.of());
    }

    public Resp send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::setHeader);
        try {
            HttpRequest request = b.build();
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Contract.check(method, request.uri(), body, headers, r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(null), r.body());
            return new Resp(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status, raw body, headers, and the body as JSON (MissingNode when it is not JSON). */
    public record Resp(int status, String body, Map<String, java.util.List<String>> headers) {
        public Resp(int status, String body) {
            this(status, body, Map.of());
        }

        /** The first value of a response header (case-insensitive), or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        public JsonNode json() {
            try {
                return body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        public String text(String pointer) {
            return json().at(pointer).asText();
        }

        public String errorCode() {
            return text("/error/code");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** JSON text from alternating keys and values, for request bodies in tests. */
    public static String obj(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
