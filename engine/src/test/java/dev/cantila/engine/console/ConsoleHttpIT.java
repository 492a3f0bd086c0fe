package dev.cantila.engine.console;

import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Console as the server hands it out: the page and its hashed assets from the jar, the security headers on
 * every answer (404s included), the app's own paths answered with the page, nothing outside the console folder.
 */
class ConsoleHttpIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(SERVER.operator().base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void secured(HttpResponse<String> r) {
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").contains("connect-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void pageAndAssetsComeFromTheJarWithSecurityHeaders() throws Exception {
        HttpResponse<String> page = get("/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        secured(page);
        // no inline script: the only script is a file of this origin
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)");
        Matcher script = Pattern.compile("src=\"(/console/assets/[^\"]+\\.js)\"").matcher(page.body());
        assertThat(script.find()).as(page.body()).isTrue();
        HttpResponse<String> js = get(script.group(1));
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(js.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
        secured(js);
    }

    @Test
    void appPathsGetThePageAndMissingFilesA404() throws Exception {
        assertThat(get("/console").statusCode()).isEqualTo(200);
        HttpResponse<String> deep = get("/console/scripts");
        assertThat(deep.statusCode()).isEqualTo(200);
        assertThat(deep.body()).contains("<div id=\"app\">");
        HttpResponse<String> missing = get("/console/assets/nothing-here.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        secured(missing);
        assertThat(get("/console/../openapi.yaml").statusCode()).isIn(400, 404);
        assertThat(get("/console/%2e%2e/dev/cantila/engine/Main.class").statusCode()).isIn(400, 404);
    }
}
