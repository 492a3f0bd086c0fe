package dev.cantila.bench;

import dev.cantila.engine.App;
import dev.cantila.engine.Main;
import dev.cantila.engine.config.Settings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue #9's fairness figure: a well-behaved project's reply latency ({@code POST /v1/sim/inbound-sms} → its script
 * replies) alone, then beside another project flooding messages whose handler spins until its 2 s wall clock, as
 * p99 ratio. Run twice in one process: with the per-project share (the default, a quarter of the workers) and with
 * every project allowed all workers (the behaviour before), so the two ratios compare on the same machine state.
 *
 * <p>Run: {@code bench/run-fairness-bench [--requests 400] [--clients 4] [--hostile 12]}
 */
public final class FairnessBench {
    private static final String GOOD = """
            export function onSms(sms, ctx) { ctx.reply('We are open 9-5.'); }
            """;
    private static final String HOSTILE = """
            export function onSms(sms, ctx) {
              const hay = new Int32Array(1 << 20);
              for (;;) { try { hay.indexOf(-1); } catch (e) { } }
            }
            """;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchClient.options(args);
        int requests = Integer.parseInt(o.getOrDefault("requests", "400"));
        int clients = Integer.parseInt(o.getOrDefault("clients", "4"));
        int hostile = Integer.parseInt(o.getOrDefault("hostile", "12"));
        int workers = Settings.ScriptSettings.defaults().workers();
        System.out.printf("cantila fairness bench: %d cores, %d script workers, Java %s; %d good requests from %d"
                        + " clients, alone and beside %d clients flooding 2 s spinners%n",
                Runtime.getRuntime().availableProcessors(), workers, Runtime.version(), requests, clients, hostile);
        for (int share : new int[]{Settings.ScriptSettings.defaults().perProjectWorkers(), workers}) {
            run(share, workers, requests, clients, hostile);
        }
    }

    private static void run(int share, int workers, int requests, int clients, int hostile) throws Exception {
        Settings settings = Settings.load(Config.just(ConfigSources.create(Map.of("cantila.api-key", BenchClient.KEY,
                "cantila.sms.throughput.local", "1000000", "cantila.scripts.workers", Integer.toString(workers),
                "cantila.scripts.per-project-workers", Integer.toString(share)))), Map.of(), 0,
                Files.createTempDirectory("cantila-fairness-bench"));
        try (App app = App.create(settings, Clock.systemUTC(), k -> { })) {
            WebServer server = WebServer.builder().port(0).routing(r -> Main.routing(r, app)).build().start();
            app.startWorkers();
            BenchClient client = new BenchClient(server.port());
            String good = client.routedScript("good", "good.js", GOOD, "sms").number();
            String bad = client.routedScript("hostile", "hostile.js", HOSTILE, "sms").number();
            String goodBody = "{\"from\":\"+14155550123\",\"to\":\"" + good + "\",\"body\":\"hours\"}";
            String badBody = "{\"from\":\"+14155550124\",\"to\":\"" + bad + "\",\"body\":\"spin\"}";

            latencies(client, goodBody, requests / 2, clients); // warm-up
            long[] alone = latencies(client, goodBody, requests, clients);
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicInteger hostileSent = new AtomicInteger();
            ExecutorService flood = Executors.newFixedThreadPool(hostile);
            for (int i = 0; i < hostile; i++) {
                flood.submit(() -> {
                    while (flooding.get()) {
                        client.send("POST", "/v1/sim/inbound-sms", badBody);
                        hostileSent.incrementAndGet();
                    }
                    return null;
                });
            }
            Thread.sleep(3_000); // the flood fills the hostile project's share (or every worker) first
            long[] beside = latencies(client, goodBody, requests, clients);
            flooding.set(false);
            flood.shutdown();
            System.out.printf("per-project share %d of %d workers: good p50 %.1f → %.1f ms, p99 %.1f → %.1f ms alone →"
                            + " beside the flood: p99 ratio %.2f (%d hostile messages answered meanwhile)%n", share,
                    workers, ms(alone, 0.5), ms(beside, 0.5), ms(alone, 0.99), ms(beside, 0.99),
                    ms(beside, 0.99) / ms(alone, 0.99), hostileSent.get());
            flood.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
            server.stop();
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    private static long[] latencies(BenchClient client, String body, int n, int clients) throws Exception {
        long[] lat = new long[n];
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        int status = client.send("POST", "/v1/sim/inbound-sms", body).statusCode();
                        lat[i] = System.nanoTime() - s;
                        if (status != 201) {
                            throw new IllegalStateException("good inbound answered " + status);
                        }
                    }
                    return null;
                });
            }
        }
        Arrays.sort(lat);
        return lat;
    }
}
