package dev.cantila.engine.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Authenticates every {@code /v1/} request from {@code Authorization: Bearer <key>} and registers the
 * {@link Caller} in the request context; no key or an unknown key is a 401 here, before any route runs.
 * {@code /observe} and {@code /openapi} stay open.
 *
 * <p>HTTP Basic is accepted only where {@code basicPaths} allows it, for GETs (a recording's audio: a TwiML app
 * downloads {@code RecordingUrl} with its AccountSid and auth token, as it does from Twilio). Nowhere else does a
 * Twilio auth token act as a key: it signs what the engine sends to apps, and a leaked app secret should not
 * become a key to the whole API.
 */
public final class AuthFilter implements io.helidon.webserver.http.Filter {
    private final Function<String, Optional<Caller>> authenticator;
    private final BiFunction<String, String, Optional<Caller>> basic;
    private final Predicate<String> basicPaths;

    public AuthFilter(Function<String, Optional<Caller>> authenticator) {
        this(authenticator, (user, password) -> Optional.empty(), path -> false);
    }

    /** @param basic the caller named by a Basic user and password, for GETs of paths {@code basicPaths} accepts */
    public AuthFilter(Function<String, Optional<Caller>> authenticator,
                      BiFunction<String, String, Optional<Caller>> basic, Predicate<String> basicPaths) {
        this.authenticator = authenticator;
        this.basic = basic;
        this.basicPaths = basicPaths;
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
        if (value.regionMatches(true, 0, "Basic ", 0, 6) && basicPaths.test(path)
                && "GET".equals(req.prologue().method().text())) {
            Optional<Caller> caller = basic(value.substring(6).trim());
            if (caller.isEmpty()) {
                ErrorMapping.send(res, 401, "unauthorized", "invalid Basic credentials (AccountSid and auth token)",
                        null);
                return;
            }
            req.context().register(caller.get());
            chain.proceed();
            return;
        }
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

    private Optional<Caller> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty() : basic.apply(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
