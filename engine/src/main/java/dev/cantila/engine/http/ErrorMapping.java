package dev.cantila.engine.http;

import dev.cantila.engine.core.ApiException;
import dev.cantila.webhooks.WebhookException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP: {@link ApiException} by its kind, everything else a 500 with an
 * opaque reference that is also logged with the stack trace (which never reaches the client). Body shape
 * everywhere: {@code {"error":{"code","message","field"}}}.
 */
public final class ErrorMapping {
    private static final Logger LOG = Logger.getLogger(ErrorMapping.class.getName());

    private ErrorMapping() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, ErrorMapping::api)
                .error(WebhookException.class, ErrorMapping::webhook)
                .error(RequestException.class, ErrorMapping::request)
                .error(HttpException.class, ErrorMapping::http)
                .error(Exception.class, ErrorMapping::unexpected);
    }

    /**
     * A handler for a path that exists for {@code methods} only, registered after them with {@code any(path, …)}:
     * 405 naming the methods that would work, with an {@code Allow} header.
     */
    public static Handler allowOnly(String... methods) {
        String allowed = String.join(", ", methods);
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, allowed);
            send(res, 405, "method_not_allowed", req.prologue().method().text() + " is not allowed on "
                    + req.prologue().uriPath().path() + "; use " + allowed, null);
        };
    }

    public static void send(ServerResponse res, int status, String code, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("field", field);
        Json.send(res, Status.create(status), Map.of("error", error));
    }

    private static void api(ServerRequest req, ServerResponse res, ApiException e) {
        send(res, e.kind().status(), e.code(), e.getMessage(), e.field());
    }

    private static void webhook(ServerRequest req, ServerResponse res, WebhookException e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
        send(res, status, e.code(), e.getMessage(), e.field());
    }

    private static void http(ServerRequest req, ServerResponse res, HttpException e) {
        int status = e.status().code();
        send(res, status, status == 404 ? "not_found" : status == 405 ? "method_not_allowed" : "http_error",
                status == 404 ? "no such route: " + req.prologue().method().text() + " " + req.prologue().uriPath().path()
                        : e.getMessage(), null);
    }

    private static void request(ServerRequest req, ServerResponse res, RequestException e) {
        int status = e.status().code();
        send(res, status, status == 413 ? "payload_too_large" : "bad_request", e.getMessage(), null);
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        String ref = Long.toHexString(System.nanoTime());
        LOG.log(Level.SEVERE, "unhandled error on " + req.prologue().method().text() + " "
                + req.prologue().uriPath().path()
                + " (ref " + ref + ")", e);
        send(res, 500, "internal_error", "unexpected server error; reference " + ref, null);
    }
}
