package dev.cantila.webhooks.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

/**
 * A real HTTP receiver on 127.0.0.1 and an ephemeral port. Records every request; answers with the status the
 * responder picks. Status {@link #HANG} holds the request open until {@link #close()}, to provoke timeouts.
 */
public final class Receiver implements AutoCloseable {
    public static final int HANG = -1;

    /** One received request: the headers (first value of each, lower-case names) and the raw body. */
    public record Hit(Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile ToIntFunction<Hit> responder = hit -> 200;
    private volatile String answer;

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
            Hit hit = new Hit(headers, exchange.getRequestBody().readAllBytes());
            hits.add(hit);
            int status = responder.applyAsInt(hit);
            if (status == HANG) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            byte[] body = (answer != null ? answer : "status " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public void respond(ToIntFunction<Hit> responder) {
        this.responder = responder;
    }

    /** Answers with {@code body} instead of {@code "status <code>"}. */
    public void answer(String body) {
        this.answer = body;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Hit> hits() {
        return List.copyOf(hits);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
