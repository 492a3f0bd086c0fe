package dev.cantila.engine.http;

import dev.cantila.engine.core.ApiException;
import io.helidon.webserver.http.ServerRequest;

/** Query-string parameters with errors that name the parameter. */
public final class Query {
    private Query() {
    }

    public static String str(ServerRequest req, String name) {
        return req.query().first(name).asOptional().filter(v -> !v.isBlank()).orElse(null);
    }

    public static Integer integer(ServerRequest req, String name) {
        String v = str(req, name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be a whole number, got '" + v + "'");
        }
    }

    public static String path(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }
}
