package dev.cantila.engine.twilio;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A TwiML web app for tests: answers each path with the TwiML registered for it (a fixed document or one made
 * from the request), and records every request (method, path, query, form parameters, X-Twilio-Signature) so a
 * test checks what the engine sent as well as what the caller heard.
 */
public final class TwimlServer implements AutoCloseable {
    /** One request as received: {@code url} is what was requested (with its query), {@code params} the form body. */
    public record Request(String method, String url, String path, Map<String, String> query, Map<String, String> params,
                   String signature, String contentType) {
        /** A form parameter of a POST, or a query parameter of a GET. */
        public String param(String name) {
            return method.equals("GET") ? query.get(name) : params.get(name);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, String>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public TwimlServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String raw = exchange.getRequestURI().getRawQuery();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request r = new Request(exchange.getRequestMethod(), url(path) + (raw == null ? "" : "?" + raw), path,
                    form(raw), form(body), exchange.getRequestHeaders().getFirst("X-Twilio-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"));
            requests.add(r);
            Function<Request, String> answer = answers.get(path);
            byte[] out = (answer == null ? "no TwiML for " + path : answer.apply(r)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers {@code path} with {@code twiml}. */
    public TwimlServer on(String path, String twiml) {
        answers.put(path, r -> twiml);
        return this;
    }

    public TwimlServer on(String path, Function<Request, String> twiml) {
        answers.put(path, twiml);
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
