package dev.cantila.engine.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error the server sends has the JSON error shape, including those the web server answers before any route
 * runs. Requests are written byte for byte on a raw socket, as a client that gets them wrong would.
 */
class ErrorShapeIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();

    /** A raw HTTP/1.1 exchange: writes {@code request} and reads until the server closes or the body is complete. */
    private static Raw exchange(String request) throws IOException {
        var base = SERVER.operator().base();
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return Raw.read(s.getInputStream());
        }
    }

    record Raw(int status, String headers, String body) {
        static Raw read(InputStream in) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int headerEnd = -1;
            int contentLength = -1;
            byte[] chunk = new byte[8192];
            while (true) {
                int n = in.read(chunk);
                if (n < 0) {
                    break;
                }
                buf.write(chunk, 0, n);
                String text = buf.toString(StandardCharsets.ISO_8859_1);
                if (headerEnd < 0 && (headerEnd = text.indexOf("\r\n\r\n")) >= 0) {
                    var m = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text);
                    contentLength = m.find() ? Integer.parseInt(m.group(1)) : -1;
                }
                if (headerEnd >= 0 && contentLength >= 0 && buf.size() >= headerEnd + 4 + contentLength) {
                    break;
                }
            }
            String text = buf.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a complete response head in: " + text).isPositive();
            int status = Integer.parseInt(text.substring(9, 12));
            return new Raw(status, text.substring(0, end), text.substring(end + 4));
        }
    }

    static Stream<Arguments> malformed() {
        String host = "Host: localhost\r\nConnection: close\r\n";
        return Stream.of(
                Arguments.of("bad percent-encoding", "GET /v1/projects/%zz HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("a NUL in the path", "GET /v1/pro\0jects HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("a space in the path", "GET /v1/pro jects HTTP/1.1\r\n" + host + "\r\n", 400),
                Arguments.of("a 20 KB path", "GET /v1/" + "a".repeat(20_000) + " HTTP/1.1\r\n" + host + "\r\n", 414),
                Arguments.of("a header without a colon", "GET /v1/projects HTTP/1.1\r\n" + host
                        + "NoColonHere\r\n\r\n", 400),
                Arguments.of("a header line of 20 KB", "GET /v1/projects HTTP/1.1\r\n" + host + "X-Big: "
                        + "b".repeat(20_000) + "\r\n\r\n", 400),
                Arguments.of("an unknown HTTP version", "GET /v1/projects HTTP/7.0\r\n" + host + "\r\n", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aRequestTheServerCannotParseGetsTheJsonErrorShape(String what, String request, int status) throws IOException {
        Raw r = exchange(request);
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.headers()).containsIgnoringCase("content-type: application/json");
        JsonNode error = Api.JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).as(r.toString()).isNotEmpty();
        assertThat(error.path("message").asText()).as(r.toString()).isNotEmpty();
        assertThat(error.has("field")).isTrue();
    }

    @Test
    void anUnknownRouteIsA404InTheJsonShape() throws IOException {
        Raw r = exchange("GET /v2/nothing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(404);
        assertThat(Api.JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("not_found");
    }

    @Test
    void aWordUnderNumbersIsAnUnknownRouteNotAPhoneNumber() {
        Api api = SERVER.operator();
        var portIn = api.get("/v1/numbers/port-in");
        assertThat(portIn.status()).as(portIn.toString()).isEqualTo(404);
        assertThat(portIn.errorCode()).isEqualTo("not_found");
        var routing = api.get("/v1/numbers/port-in/routing");
        assertThat(routing.status()).as(routing.toString()).isEqualTo(404);
        assertThat(routing.errorCode()).isEqualTo("not_found");
    }

    @Test
    void aRouteThatExistsForAnotherMethodIsA405InTheJsonShape() {
        var r = SERVER.operator().delete("/v1/numbers/catalog");
        assertThat(r.status()).as(r.toString()).isEqualTo(405);
        assertThat(r.errorCode()).isEqualTo("method_not_allowed");
        assertThat(r.text("/error/message")).contains("GET");
        var projects = SERVER.operator().put("/v1/projects", "{}");
        assertThat(projects.status()).as(projects.toString()).isEqualTo(405);
        assertThat(projects.text("/error/message")).contains("GET, POST");
    }
}
