package dev.cantila.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.App;
import dev.cantila.engine.Main;
import dev.cantila.engine.config.Settings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

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
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue #10's figures: request + verify pairs per second from {@code clients} concurrent clients over HTTP on H2,
 * each pair as a user lives it: {@code POST …/otp/request}, read the code on the simulated handset (asked every
 * 10 ms until it is there; the time from the request to the code on the handset is the second figure), then
 * {@code POST …/otp/verify} with it. Every destination is a different number; the limits are raised so that they do
 * not refuse the load. Engine and load generator share this machine's cores.
 *
 * <p>Run: {@code bench/run-otp-bench [--pairs 4000] [--clients 32]}
 */
public final class OtpBench {
    private static final Pattern CODE = Pattern.compile("code is (\\d{6})");

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchClient.options(args);
        int pairs = Integer.parseInt(o.getOrDefault("pairs", "4000"));
        int clients = Integer.parseInt(o.getOrDefault("clients", "32"));
        Settings settings = Settings.load(Config.just(ConfigSources.create(Map.of("cantila.api-key", BenchClient.KEY,
                "cantila.sms.throughput.local", "1000000", "cantila.db.pool-size", "20",
                "cantila.otp.limits.per-minute", "1000000", "cantila.otp.limits.per-day", "1000000",
                "cantila.otp.limits.per-country", "1000000"))), Map.of(), 0,
                Files.createTempDirectory("cantila-otp-bench"));
        try (App app = App.create(settings, Clock.systemUTC(), k -> { })) {
            WebServer server = WebServer.builder().port(0).routing(r -> Main.routing(r, app)).build().start();
            app.startWorkers();
            BenchClient client = new BenchClient(server.port());
            String p = "/v1/projects/" + client.post("/v1/projects", "{\"name\":\"otp bench\"}").get("id").asText();
            client.post(p + "/sms/activate", "{\"country\":\"US\",\"numberType\":\"local\"}");
            System.out.printf("cantila otp bench: %d cores, Java %s, H2%n", Runtime.getRuntime().availableProcessors(),
                    Runtime.version());
            run(client, p, Math.min(1000, pairs / 4), clients, 0, null);
            long[] toHandset = new long[pairs];
            long t0 = System.nanoTime();
            int errors = run(client, p, pairs, clients, 100_000, toHandset);
            double secs = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(toHandset);
            System.out.printf("request + handset + verify: %d pairs, %d clients: %.0f pairs/s, %d errors%n", pairs,
                    clients, pairs / secs, errors);
            System.out.printf("request → code on the handset: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    toHandset[pairs / 2] / 1e6, toHandset[(int) (pairs * 0.99)] / 1e6, toHandset[pairs - 1] / 1e6);
            client.load("request only (no handset, no verify)", p + "/sms/otp/request", i -> "{\"to\":\""
                    + String.format("+1628%03d%04d", 200 + i / 10_000, i % 10_000) + "\"}", 201, pairs, clients);
            server.stop();
        }
    }

    private static int run(BenchClient client, String p, int n, int clients, int offset, long[] toHandset)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        int k = i + offset;
                        String to = String.format("+1415%03d%04d", 200 + k / 10_000, k % 10_000);
                        long s = System.nanoTime();
                        HttpResponse<String> req = client.send("POST", p + "/sms/otp/request", "{\"to\":\"" + to + "\"}");
                        if (req.statusCode() != 201) {
                            errors.incrementAndGet();
                            continue;
                        }
                        String code = awaitCode(client, to);
                        if (toHandset != null) {
                            toHandset[i] = System.nanoTime() - s;
                        }
                        JsonNode v = BenchClient.JSON.readTree(client.send("POST", p + "/sms/otp/verify",
                                "{\"to\":\"" + to + "\",\"code\":\"" + code + "\"}").body());
                        if (!v.path("status").asText().equals("approved")) {
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

    private static String awaitCode(BenchClient client, String to) throws Exception {
        for (int tries = 0; tries < 10_000; tries++) {
            JsonNode data = BenchClient.JSON.readTree(client.send("GET", "/v1/sim/handsets/" + to.substring(1)
                    + "/messages", "").body()).path("data");
            if (!data.isEmpty()) {
                Matcher m = CODE.matcher(data.get(0).path("body").asText());
                if (m.find()) {
                    return m.group(1);
                }
            }
            LockSupport.parkNanos(10_000_000);
        }
        throw new IllegalStateException("no code on " + to + " after 10,000 looks");
    }
}
