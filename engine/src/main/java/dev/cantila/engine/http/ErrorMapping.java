package dev.cantila.engine.http;

import dev.cantila.engine.core.ApiException;
import dev.cantila.webhooks.WebhookException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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

    /** Registers the mapping; {@code allowed} turns a 404 for a path that exists for other methods into a 405. */
    public static void register(HttpRouting.Builder routing, AllowedMethods allowed) {
        routing.error(ApiException.class, ErrorMapping::api)
                .error(WebhookException.class, ErrorMapping::webhook)
                .error(RequestException.class, ErrorMapping::request)
                .error(HttpException.class, (req, res, e) -> http(req, res, e, allowed))
                .error(Exception.class, ErrorMapping::unexpected);
    }

    public static void send(ServerResponse res, int status, String code, String message, String field) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("field", field);
        Json.send(res, Status.create(status), Map.of("error", error));
    }

    private static void api(ServerRequest req, ServerResponse res, ApiException e) {
        if (e.retryAfterSeconds() == null) {
            send(res, e.kind().status(), e.code(), e.getMessage(), e.field());
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        error.put("field", e.field());
        error.put("retryAfter", e.retryAfterSeconds());
        res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        Json.send(res, Status.create(e.kind().status()), Map.of("error", error));
    }

    private static void webhook(ServerRequest req, ServerResponse res, WebhookException e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
        send(res, status, e.code(), e.getMessage(), e.field());
    }

    private static void http(ServerRequest req, ServerResponse res, HttpException e, AllowedMethods allowed) {
        int status = e.status().code();
        String method = req.prologue().method().text();
        String path = req.prologue().uriPath().path();
        if (status == 404) {
            Set<String> methods = allowed.of(req.prologue().uriPath());
            if (!methods.isEmpty()) {
                String allow = String.join(", ", methods);
                res.header(HeaderNames.ALLOW, allow);
                send(res, 405, "method_not_allowed", method + " is not allowed on " + path + "; use " + allow, null);
                return;
            }
            send(res, 404, "not_found", "no such route: " + method + " " + path, null);
            return;
        }
        send(res, status, status == 405 ? "method_not_allowed" : "http_error", e.getMessage(), null);
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
