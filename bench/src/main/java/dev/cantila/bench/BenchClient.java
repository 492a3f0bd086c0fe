package dev.cantila.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The load side of the benchmarks: an HTTP/1.1 keep-alive client with the operator key, JSON helpers, and a
 * closed-loop load of {@code n} POSTs from {@code clients} concurrent clients with per-request latencies.
 */
final class BenchClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "bench-operator-key-0123456789";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    BenchClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code --name value} pairs as name → value. */
    static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return m;
    }

    /** A new project with a local US number whose {@code channel} ({@code sms}, {@code voice}) runs {@code source}. */
    record Routed(String projectPath, String number) {
    }

    Routed routedScript(String project, String fileName, String source, String channel) throws Exception {
        String p = "/v1/projects/" + post("/v1/projects", "{\"name\":\"" + project + "\"}").get("id").asText();
        String number = post(p + "/sms/activate", "{\"country\":\"US\",\"numberType\":\"local\"}").get("e164")
                .asText();
        String script = post(p + "/scripts", JSON.writeValueAsString(Map.of("name", fileName, "source", source)))
                .get("id").asText();
        send("PUT", "/v1/numbers/" + number.substring(1) + "/routing",
                "{\"" + channel + "\":{\"script\":\"" + script + "\"}}");
        return new Routed(p, number);
    }

    /** POST expecting success; the answer as JSON. */
    JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = send("POST", path, body);
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * A warm-up of {@code min(5000, n/4)} requests, then {@code n} measured ones; prints requests/s, p50, p99, max
     * and how many did not answer {@code expected}.
     */
    void load(String label, String path, IntFunction<String> bodyOf, int expected, int n, int clients)
            throws Exception {
        load(label, path, bodyOf, expected, n, clients, () -> { });
    }

    /** The same, running {@code beforeMeasuring} between the warm-up and the measured requests. */
    void load(String label, String path, IntFunction<String> bodyOf, int expected, int n, int clients,
              Runnable beforeMeasuring) throws Exception {
        run(path, bodyOf, expected, Math.min(5000, n / 4), clients, null);
        beforeMeasuring.run();
        long[] lat = new long[n];
        long t0 = System.nanoTime();
        int errors = run(path, bodyOf, expected, n, clients, lat);
        double secs = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(lat);
        System.out.printf("%s: %d requests, %d clients: %.0f/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d errors%n",
                label, n, clients, n / secs, lat[n / 2] / 1e6, lat[(int) (n * 0.99)] / 1e6, lat[n - 1] / 1e6, errors);
    }

    private int run(String path, IntFunction<String> bodyOf, int expected, int n, int clients, long[] lat)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        if (send("POST", path, bodyOf.apply(i)).statusCode() != expected) {
                            errors.incrementAndGet();
                        }
                        if (lat != null) {
                            lat[i] = System.nanoTime() - s;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        return errors.get();
    }
}
