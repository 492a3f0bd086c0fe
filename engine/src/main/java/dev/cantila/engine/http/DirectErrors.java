package dev.cantila.engine.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors the web server answers itself, before any route or filter runs: a request line it cannot parse
 * ({@code %zz}, a NUL or a space in the path), a path or headers over the server's limits, an HTTP version it does
 * not speak. They get the same JSON error shape as every other error ({@link ErrorMapping}), with a fixed message
 * per status: the server's own text describes its parser and never reaches the client.
 */
public final class DirectErrors implements DirectHandler {
    private DirectErrors() {
    }

    /** The handlers to register on every listener ({@code WebServer.builder().directHandlers(...)}). */
    public static DirectHandlers handlers() {
        DirectErrors handler = new DirectErrors();
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            b.addHandler(type, handler);
        }
        return b.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        int code = status.code();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code(code));
        error.put("message", message(code));
        error.put("field", null);
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(Json.write(Map.of("error", error)))
                .build();
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 505 -> "http_version_not_supported";
            default -> status >= 500 ? "internal_error" : "http_error";
        };
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "the request could not be parsed: check the request line (the path must be percent-encoded,"
                    + " with no spaces or control characters) and the headers";
            case 403 -> "this request is not allowed";
            case 404 -> "no such route";
            case 413 -> "the request body is too large";
            case 414 -> "the request path and query are too long";
            case 431 -> "the request headers are too large";
            case 505 -> "this HTTP version is not supported; use HTTP/1.1";
            default -> status >= 500 ? "unexpected server error" : "the request was refused (HTTP " + status + ")";
        };
    }
}
