package dev.cantila.engine.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;
import java.util.function.Function;

/**
 * Authenticates every {@code /v1/} request from {@code Authorization: Bearer <key>} and registers the
 * {@link Caller} in the request context; no key or an unknown key is a 401 here, before any route runs.
 * {@code /observe} and {@code /openapi} stay open.
 */
public final class AuthFilter implements io.helidon.webserver.http.Filter {
    private final Function<String, Optional<Caller>> authenticator;

    public AuthFilter(Function<String, Optional<Caller>> authenticator) {
        this.authenticator = authenticator;
    }

    public static Caller caller(ServerRequest req) {
        return req.context().get(Caller.class)
                .orElseThrow(() -> new IllegalStateException("no caller: route outside /v1 or filter not registered"));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (!path.startsWith("/v1/") && !path.equals("/v1")) {
            chain.proceed();
            return;
        }
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()) {
            ErrorMapping.send(res, 401, "unauthorized", "missing Authorization: Bearer <key> header", null);
            return;
        }
        String value = header.get().trim();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ErrorMapping.send(res, 401, "unauthorized", "the Authorization header must be 'Bearer <key>'", null);
            return;
        }
        Optional<Caller> caller = authenticator.apply(value.substring(7).trim());
        if (caller.isEmpty()) {
            ErrorMapping.send(res, 401, "unauthorized", "invalid or revoked API key", null);
            return;
        }
        req.context().register(caller.get());
        chain.proceed();
    }
}
