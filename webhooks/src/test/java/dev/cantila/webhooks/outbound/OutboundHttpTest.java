package dev.cantila.webhooks.outbound;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.security.KeyStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against real local servers: where it connects, what it sends, what it refuses and keeps. */
class OutboundHttpTest {
    private static final Duration SHORT = Duration.ofSeconds(2);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final List<String> hits = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }

    /** A server on 127.0.0.1 answering every request with {@code status}, {@code headers} and {@code body}. */
    private int server(String label, int status, Map<String, String> headers, byte[] body) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(executor);
        s.createContext("/", exchange -> {
            hits.add(label + " " + exchange.getRequestURI() + " host=" + exchange.getRequestHeaders().getFirst("Host")
                    + " body=" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (status < 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(Math.max(status, 200), body.length == 0 ? -1 : 0); // 0: chunked
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        s.start();
        servers.add(s);
        return s.getAddress().getPort();
    }

    private static OutboundHttp client(TargetPolicy policy) {
        return new OutboundHttp(policy, SHORT, SHORT);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void postsToTheCheckedAddressWithTheNameAsHost() throws Exception {
        int port = server("a", 200, Map.of(), utf8("{\"ok\":true}"));
        TargetPolicy policy = TargetPolicy.allowing(List.of("127.0.0.1/32"))
                .withResolver(TargetPolicyTest.resolver(Map.of("hooks.example", List.of("127.0.0.1"))));

        OutboundHttp.Response r = client(policy).post("http://hooks.example:" + port + "/in?x=1",
                Map.of("Content-Type", "application/json"), utf8("hello"), 1024);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"ok\":true}");
        assertThat(r.truncated()).isFalse();
        assertThat(hits).containsExactly("a /in?x=1 host=hooks.example:" + port + " body=hello");
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedBeforeConnecting() throws Exception {
        int port = server("a", 200, Map.of(), new byte[0]);
        OutboundHttp http = client(TargetPolicy.strict()
                .withResolver(TargetPolicyTest.resolver(Map.of("rebind.example", List.of("127.0.0.1")))));

        assertThatThrownBy(() -> http.post("http://rebind.example:" + port + "/", Map.of(), new byte[0], 10))
                .isInstanceOf(TargetPolicy.RefusedException.class)
                .hasMessageContaining("resolves to a loopback address (127.0.0.1)");
        assertThatThrownBy(() -> http.post("http://127.0.0.1:" + port + "/", Map.of(), new byte[0], 10))
                .isInstanceOf(TargetPolicy.RefusedException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> http.post("http://localhost:" + port + "/", Map.of(), new byte[0], 10))
                .isInstanceOf(TargetPolicy.RefusedException.class);
        assertThat(hits).isEmpty();
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        int inside = server("inside", 200, Map.of(), new byte[0]);
        int outside = server("outside", 302, Map.of("Location", "http://127.0.0.1:" + inside + "/secret"), new byte[0]);
        TargetPolicy policy = TargetPolicy.allowing(List.of("127.0.0.1"));

        OutboundHttp.Response r = client(policy).post("http://127.0.0.1:" + outside + "/hook", Map.of(), utf8("x"), 100);

        assertThat(r.status()).isEqualTo(302);
        assertThat(hits).containsExactly("outside /hook host=127.0.0.1:" + outside + " body=x");
    }

    @Test
    void keepsOnlyTheStartOfALongChunkedAnswer() throws Exception {
        int port = server("a", 500, Map.of(), utf8("x".repeat(100_000)));
        OutboundHttp.Response r = client(TargetPolicy.allowing(List.of("127.0.0.1")))
                .post("http://127.0.0.1:" + port + "/", Map.of(), new byte[0], 1000);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).hasSize(1000);
        assertThat(r.truncated()).isTrue();
        assertThat(r.excerpt()).hasSize(Excerpt.MAX_CHARS).endsWith("…");
    }

    @Test
    void aTargetThatNeverAnswersTimesOut() throws Exception {
        int port = server("a", -1, Map.of(), new byte[0]);
        OutboundHttp http = new OutboundHttp(TargetPolicy.allowing(List.of("127.0.0.1")), SHORT, Duration.ofMillis(300));

        assertThatThrownBy(() -> http.post("http://127.0.0.1:" + port + "/", Map.of(), new byte[0], 10))
                .isInstanceOf(HttpTimeoutException.class).hasMessageContaining("did not answer within PT0.3S");
    }

    @Test
    void httpsVerifiesTheCertificateAgainstTheNameNotTheAddress() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = getClass().getResourceAsStream("/outbound/hooks-example.p12")) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(context));
        s.setExecutor(executor);
        s.createContext("/", exchange -> {
            hits.add("tls host=" + exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        s.start();
        servers.add(s);
        int port = s.getAddress().getPort();
        OutboundHttp http = client(TargetPolicy.allowing(List.of("127.0.0.1")).withResolver(TargetPolicyTest.resolver(
                Map.of("hooks.example", List.of("127.0.0.1"), "other.example", List.of("127.0.0.1")))))
                .withTls(context.getSocketFactory());

        assertThat(http.post("https://hooks.example:" + port + "/", Map.of(), utf8("x"), 10).status()).isEqualTo(204);
        assertThatThrownBy(() -> http.post("https://other.example:" + port + "/", Map.of(), utf8("x"), 10))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThatThrownBy(() -> http.post("https://127.0.0.1:" + port + "/", Map.of(), utf8("x"), 10))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(hits).containsExactly("tls host=hooks.example:" + port);
    }

    @Test
    void anExcerptIsShortAndHasNoControlCharacters() {
        assertThat(Excerpt.of(utf8("line1\r\nline2\u001b[31m red\u0000 \u202Eevil\t end  "))).isEqualTo(
                "line1 line2 [31m red evil end");
        assertThat(Excerpt.of(utf8(""))).isEmpty();
        assertThat(Excerpt.of("é".repeat(300))).hasSize(256).endsWith("…");
    }
}
