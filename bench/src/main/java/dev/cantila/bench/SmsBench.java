package dev.cantila.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cantila.engine.App;
import dev.cantila.engine.Main;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.storage.Database;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue #2's benchmark, in one process on this machine: the engine (embedded H2 on disk, the simulated carrier,
 * the production routes and workers) and the load generator share the CPUs, so figures are lower bounds.
 *
 * <p>(a) {@code POST /sms/send} over HTTP/1.1 keep-alive from {@code clients} concurrent clients: requests/s,
 * p50/p99. (b) a bulk send of {@code bulk} recipients: time to accept it, then the drain rate measured from the
 * carrier's acceptance times against the configured throughput.
 *
 * <p>Run: {@code bench/run-sms-bench [--requests 20000] [--clients 32] [--bulk 100000] [--rate 1000] [--drain no]}
 */
public final class SmsBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "bench-operator-key-0123456789";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int requests = Integer.parseInt(opts.getOrDefault("requests", "20000"));
        int clients = Integer.parseInt(opts.getOrDefault("clients", "32"));
        int bulk = Integer.parseInt(opts.getOrDefault("bulk", "100000"));
        double rate = Double.parseDouble(opts.getOrDefault("rate", "1000"));
        boolean drain = !"no".equals(opts.get("drain"));

        Path data = Files.createTempDirectory("cantila-bench");
        Map<String, String> props = new HashMap<>(Map.of(
                "cantila.api-key", KEY,
                "cantila.sms.throughput.local", "1000000",
                "cantila.sms.throughput.tollfree", String.valueOf(rate),
                "cantila.sms.poll", "20ms",
                "cantila.carrier.sent-latency", "50ms",
                "cantila.carrier.delivery-latency", "200ms",
                "cantila.db.pool-size", "20"));
        Settings settings = Settings.load(Config.just(ConfigSources.create(props)), Map.of(), 0, data);
        try (App app = App.create(settings, Clock.systemUTC(), k -> { })) {
            WebServer server = WebServer.builder().port(0).maxPayloadSize(64L * 1024 * 1024)
                    .routing(r -> Main.routing(r, app)).build().start();
            app.startWorkers();
            URI base = URI.create("http://127.0.0.1:" + server.port());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            System.out.printf("cantila bench: %d cores, Java %s, H2 file database in %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), data);

            String project = post(http, base, "/v1/projects", "{\"name\":\"bench\"}", KEY).get("id").asText();
            sendBench(http, base, project, requests, clients);
            awaitDrained(app); // (b) starts on a quiet engine, as a bulk send would on a real one
            bulkBench(http, base, app, project, bulk, rate, drain);
            server.stop();
        }
    }

    private static void sendBench(HttpClient http, URI base, String project, int requests, int clients)
            throws Exception {
        post(http, base, "/v1/projects/" + project + "/sms/activate", "{\"country\":\"US\",\"numberType\":\"local\"}", KEY);
        String path = "/v1/projects/" + project + "/sms/send";
        run(http, base, path, Math.min(5000, requests / 4), clients, null); // warm-up
        long[] lat = new long[requests];
        long t0 = System.nanoTime();
        int errors = run(http, base, path, requests, clients, lat);
        double secs = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(lat);
        System.out.printf("(a) send API: %d requests, %d clients: %.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms,"
                        + " %d errors%n", requests, clients, requests / secs, lat[requests / 2] / 1e6,
                lat[(int) (requests * 0.99)] / 1e6, lat[requests - 1] / 1e6, errors);
    }

    private static int run(HttpClient http, URI base, String path, int n, int clients, long[] lat) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        String body = "{\"to\":\"+1415555" + String.format("%04d", i % 10000)
                                + "\",\"body\":\"Your code is " + i + "\"}";
                        long s = System.nanoTime();
                        HttpResponse<String> r = http.send(request(base, path, body, KEY), HttpResponse.BodyHandlers.ofString());
                        if (lat != null) {
                            lat[i] = System.nanoTime() - s;
                        }
                        if (r.statusCode() != 201) {
                            errors.incrementAndGet();
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

    private static void bulkBench(HttpClient http, URI base, App app, String project, int n, double rate,
                                  boolean drainToo) throws Exception {
        String other = post(http, base, "/v1/projects", "{\"name\":\"bulk\"}", KEY).get("id").asText();
        post(http, base, "/v1/projects/" + other + "/sms/activate", "{\"country\":\"US\",\"numberType\":\"tollfree\"}", KEY);
        StringBuilder body = new StringBuilder("{\"templateId\":null,\"body\":\"Flash sale today only\",\"recipients\":[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"to\":\"+1").append(212 + (i / 10_000_000) % 3)
                    .append(String.format("%07d", 2_000_000 + i % 8_000_000)).append("\"}");
        }
        body.append("]}");
        long t0 = System.nanoTime();
        JsonNode batch = post(http, base, "/v1/projects/" + other + "/sms/bulk", body.toString(), KEY);
        double acceptSecs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("(b) bulk: %d recipients (%d bytes) accepted in %.2f s: %d accepted, %d rejected%n", n,
                body.length(), acceptSecs, batch.get("accepted").asInt(), batch.get("rejected").asInt());
        if (!drainToo) {
            return;
        }
        String id = batch.get("id").asText();
        int accepted = batch.get("accepted").asInt();
        long start = System.nanoTime();
        long submitted = 0;
        while (submitted < accepted) {
            Thread.sleep(5000);
            submitted = Database.one(app.database().exec(), "SELECT COUNT(*) AS n FROM sim_carrier_submissions s"
                    + " JOIN sms_messages m ON m.id = s.message_id WHERE m.batch_id = ?", r -> Database.lng(r, "n"), id)
                    .orElse(0L);
            System.out.printf("    %5.0f s: %d / %d handed to the carrier%n", (System.nanoTime() - start) / 1e9,
                    submitted, accepted);
        }
        // steady state: the rate between the 10th and the 90th percentile of the carrier's acceptance times, so that
        // the sender's initial token-bucket burst (one second of slots) does not count as throughput
        List<Long> times = Database.list(app.database().exec(), "SELECT s.accepted_at FROM sim_carrier_submissions s"
                + " JOIN sms_messages m ON m.id = s.message_id WHERE m.batch_id = ? ORDER BY s.accepted_at",
                r -> Database.lng(r, "accepted_at"), id);
        int lo = times.size() / 10;
        int hi = times.size() * 9 / 10;
        double drain = (hi - lo) / ((times.get(hi) - times.get(lo)) / 1000.0);
        double whole = (times.size() - 1) / ((times.get(times.size() - 1) - times.get(0)) / 1000.0);
        long requeued = Database.one(app.database().exec(), "SELECT COUNT(*) AS n FROM sms_events e JOIN sms_messages m"
                + " ON m.id = e.message_id WHERE m.batch_id = ? AND e.status = 'queued' AND e.detail LIKE 'carrier:%'",
                r -> Database.lng(r, "n"), id).orElse(0L);
        System.out.printf("(b) drain: %.1f messages/s steady (10th-90th percentile) against a configured %.0f/s (%+.1f%%);"
                + " %.1f/s over the whole batch incl. the initial burst; %d carrier throughput refusals%n", drain, rate,
                100 * (drain - rate) / rate, whole, requeued);
    }

    private static void awaitDrained(App app) throws InterruptedException {
        while (Database.one(app.database().exec(), "SELECT COUNT(*) AS n FROM sms_messages WHERE status IN"
                + " ('queued', 'sending', 'sent')", r -> Database.lng(r, "n"), new Object[0]).orElse(0L) > 0) {
            Thread.sleep(500);
        }
    }

    private static JsonNode post(HttpClient http, URI base, String path, String body, String key)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(base, path, body, key), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static HttpRequest request(URI base, String path, String body, String key) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return m;
    }
}
