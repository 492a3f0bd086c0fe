package dev.cantila.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cantila.engine.App;
import dev.cantila.engine.Main;
import dev.cantila.engine.config.Settings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue #3's end-to-end figure: inbound SMS through {@code POST /v1/sim/inbound-sms} → the number's deployed
 * script (the PRODUCT.md handler; "hours" gets a reply) → reply stored → {@code sms.inbound} webhook queued for a
 * subscribed endpoint (a local receiver answering 200), from {@code clients} concurrent clients over HTTP on H2.
 * Engine, receiver and load generator share this machine's cores.
 *
 * <p>Run: {@code bench/run-inbound-bench [--requests 20000] [--clients 32]}
 */
public final class InboundBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "bench-operator-key-0123456789";
    private static final String HANDLER = """
            export async function onSms(sms, ctx) {
              if (/^hours$/i.test(sms.body)) return ctx.reply('We are open 9-5.');
              await ctx.forward('+14155550100');
            }
            """;

    public static void main(String[] args) throws Exception {
        int requests = args.length > 1 && args[0].equals("--requests") ? Integer.parseInt(args[1]) : 20_000;
        int clients = args.length > 3 && args[2].equals("--clients") ? Integer.parseInt(args[3]) : 32;
        Settings settings = Settings.load(Config.just(ConfigSources.create(Map.of("cantila.api-key", KEY,
                "cantila.sms.throughput.local", "1000000", "cantila.db.pool-size", "20"))), Map.of(), 0,
                Files.createTempDirectory("cantila-inbound-bench"));
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.start();
        try (App app = App.create(settings, Clock.systemUTC(), k -> { })) {
            WebServer server = WebServer.builder().port(0).routing(r -> Main.routing(r, app)).build().start();
            app.startWorkers();
            URI base = URI.create("http://127.0.0.1:" + server.port());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String project = post(http, base, "/v1/projects", "{\"name\":\"inbound\"}").get("id").asText();
            String p = "/v1/projects/" + project;
            String number = post(http, base, p + "/sms/activate", "{\"country\":\"US\",\"numberType\":\"local\"}")
                    .get("e164").asText();
            String script = post(http, base, p + "/scripts", JSON.writeValueAsString(Map.of("name", "hours.js",
                    "source", HANDLER))).get("id").asText();
            send(http, base, "PUT", "/v1/numbers/" + number.substring(1) + "/routing",
                    "{\"sms\":{\"script\":\"" + script + "\"}}");
            post(http, base, p + "/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\",\"events\":[\"sms.inbound\"]}");
            String body = "{\"from\":\"+14155550123\",\"to\":\"" + number + "\",\"body\":\"hours\"}";
            System.out.printf("cantila inbound bench: %d cores, Java %s, JS runtime %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), app.scripts().runtime()
                            .implementationName());
            run(http, base, body, Math.min(5000, requests / 4), clients, null);
            long[] lat = new long[requests];
            long t0 = System.nanoTime();
            int errors = run(http, base, body, requests, clients, lat);
            double secs = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(lat);
            System.out.printf("inbound → script → reply stored → webhook queued: %d requests, %d clients: %.0f msg/s,"
                            + " p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d errors%n", requests, clients, requests / secs,
                    lat[requests / 2] / 1e6, lat[(int) (requests * 0.99)] / 1e6, lat[requests - 1] / 1e6, errors);
            server.stop();
        } finally {
            receiver.stop(0);
        }
    }

    private static int run(HttpClient http, URI base, String body, int n, int clients, long[] lat) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        if (send(http, base, "POST", "/v1/sim/inbound-sms", body).statusCode() != 201) {
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

    private static com.fasterxml.jackson.databind.JsonNode post(HttpClient http, URI base, String path, String body)
            throws Exception {
        HttpResponse<String> r = send(http, base, "POST", path, body);
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> send(HttpClient http, URI base, String method, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
