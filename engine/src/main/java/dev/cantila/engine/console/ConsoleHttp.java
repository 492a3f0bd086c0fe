package dev.cantila.engine.console;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the Console (the Vite build of {@code console/}, packaged under {@code /console/} in the jar) at
 * {@code /console}. Every answer, the 404s included, carries the security headers: a Content-Security-Policy that
 * allows only this origin's scripts, styles and API (no inline script, no framing), {@code nosniff}, no referrer.
 * A path that is not a file is the app's own route and gets {@code index.html} (the app routes by the hash, but a
 * reload of a bookmarked {@code /console/} works either way). Hashed assets are cached for a year, the page never.
 *
 * <p>The console holds the API key in {@code sessionStorage} and sends it as a bearer header; nothing here reads it.
 */
public final class ConsoleHttp implements HttpService {
    /** The CSP: same origin only; audio is played from blobs fetched with the key (media-src blob:). */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final String ROOT = "/console/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "json", "application/json",
            "png", "image/png", "ico", "image/x-icon", "txt", "text/plain; charset=utf-8", "map", "application/json");
    /** Files found (never misses: a request path is the client's to choose, the cache must stay bounded). */
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::serve).get("/*", this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        headers(res);
        String path = req.path().absolute().path();
        String rest = path.length() <= "/console/".length() ? "" : path.substring("/console/".length());
        if (rest.contains("..") || rest.contains("\\")) {
            res.status(Status.NOT_FOUND_404).send();
            return;
        }
        Optional<byte[]> file = rest.isEmpty() ? Optional.empty() : resource(rest);
        if (file.isPresent()) {
            res.header(HeaderNames.CONTENT_TYPE, type(rest));
            res.header(HeaderNames.CACHE_CONTROL, rest.startsWith("assets/") ? "public, max-age=31536000, immutable"
                    : "no-cache");
            res.send(file.get());
            return;
        }
        if (rest.startsWith("assets/") || rest.contains(".")) {
            res.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .send("not found: " + path);
            return;
        }
        Optional<byte[]> index = resource("index.html");
        if (index.isEmpty()) {
            res.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .send("the console was not built into this jar (console/ is built by the Maven build)");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, TYPES.get("html")).header(HeaderNames.CACHE_CONTROL, "no-cache")
                .send(index.get());
    }

    /** The security headers every console answer carries. */
    static void headers(ServerResponse res) {
        res.header("Content-Security-Policy", CSP);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "no-referrer");
        res.header("X-Frame-Options", "DENY");
        res.header("Cross-Origin-Opener-Policy", "same-origin");
        res.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }

    private Optional<byte[]> resource(String name) {
        byte[] cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = ConsoleHttp.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            cache.put(name, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's " + name + " from the jar", e);
        }
    }

    private static String type(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
