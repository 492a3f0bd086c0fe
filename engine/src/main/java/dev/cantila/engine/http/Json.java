package dev.cantila.engine.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cantila.engine.core.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * JSON in and out for every HTTP translator. Bodies are read with an explicit size cap so that an oversize
 * request is a 413 naming the limit, and parsed into {@link JsonRequest} so that every missing or mistyped
 * field becomes a 400 naming it.
 */
public final class Json {
    /** Default cap for a request body; bulk sends pass a larger one. */
    public static final int DEFAULT_MAX_BODY = 256 * 1024;

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"name":"a","name":"b"} is a 400, not whichever value the parser kept
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {
    }

    /** The body as a JSON object that holds no field but {@code fields} (see {@link JsonRequest#only}). */
    public static JsonRequest body(ServerRequest req, String... fields) {
        return body(req, DEFAULT_MAX_BODY, fields);
    }

    public static JsonRequest body(ServerRequest req, int maxBytes, String... fields) {
        return parse(req, maxBytes).only(fields);
    }

    private static JsonRequest parse(ServerRequest req, int maxBytes) {
        byte[] bytes = read(req, maxBytes);
        if (bytes.length == 0) {
            throw ApiException.invalid("invalid_json", null, "the request body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("invalid_json", null, JsonErrors.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.invalid("invalid_json", null, "the request body must be a JSON object");
        }
        return new JsonRequest(object, "");
    }

    static byte[] read(ServerRequest req, int maxBytes) {
        long declared = req.headers().contentLength().orElse(-1L);
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private static ApiException tooLarge(int maxBytes) {
        return new ApiException(ApiException.Kind.TOO_LARGE, "payload_too_large",
                "the request body is larger than " + maxBytes + " bytes", null);
    }

    public static void send(ServerResponse res, Status status, Object body) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, "application/json").send(bytes(body));
    }

    private static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getName(), e);
        }
    }

    public static void ok(ServerResponse res, Object body) {
        send(res, Status.OK_200, body);
    }

    /**
     * 200 with a strong {@code ETag} (a hash of the body's bytes), or 304 with no body when the request's
     * {@code If-None-Match} names that tag (or {@code *}): for lists a client polls (the Console's threads and
     * messages), an unchanged page costs no transfer. The body is built either way; what is saved is the wire.
     */
    public static void okTagged(ServerRequest req, ServerResponse res, Object body) {
        byte[] bytes = bytes(body);
        String tag = ETags.of(bytes);
        res.header(HeaderNames.ETAG, tag).header(HeaderNames.CACHE_CONTROL, "no-cache");
        if (ETags.matches(req.headers().value(HeaderNames.IF_NONE_MATCH).orElse(null), tag)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, "application/json").send(bytes);
    }

    public static void created(ServerResponse res, Object body) {
        send(res, Status.CREATED_201, body);
    }

    /** {@code value} as a JSON object, to add fields to before sending. */
    public static ObjectNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Parses stored JSON text (never client input: that goes through {@link #body}). */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt", e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
