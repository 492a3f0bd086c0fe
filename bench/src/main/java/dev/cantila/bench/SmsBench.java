package dev.cantila.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.App;
import dev.cantila.engine.Main;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.storage.Database;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue #2's benchmark, in one process on this machine: the engine (embedded H2 on disk, the simulated carrier,
 * the production routes and workers) and the load generator share the CPUs, so figures are lower bounds.
 *
 * <p>(a) {@code POST /sms/send} over HTTP/1.1 keep-alive from {@code clients} concurrent clients: requests/s,
 * p50/p99. (b) a bulk send of {@code bulk} recipients: time to accept it, then the drain rate measured from the
 * carrier's acceptance times against the configured throughput.
 *
 * <p>Run: {@code bench/run-sms-bench [--requests 20000] [--clients 32] [--bulk 100000] [--rate 1000] [--drain no]
 * [--bulk-runs 1]}; {@code --requests 0} skips (a); the {@code CANTILA_*} environment applies (e.g. {@code CANTILA_DB_URL}).
 */
public final class SmsBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchClient.options(args);
        int requests = Integer.parseInt(opts.getOrDefault("requests", "20000"));
        int clients = Integer.parseInt(opts.getOrDefault("clients", "32"));
        int bulk = Integer.parseInt(opts.getOrDefault("bulk", "100000"));
        double rate = Double.parseDouble(opts.getOrDefault("rate", "1000"));
        boolean drain = !"no".equals(opts.get("drain"));
        int bulkRuns = Integer.parseInt(opts.getOrDefault("bulk-runs", "1"));

        Path data = Files.createTempDirectory("cantila-bench");
        Map<String, String> props = new HashMap<>(Map.of(
                "cantila.api-key", BenchClient.KEY,
                "cantila.sms.throughput.local", "1000000",
                "cantila.sms.throughput.tollfree", String.valueOf(rate),
                "cantila.sms.poll", "20ms",
                "cantila.carrier.sent-latency", "50ms",
                "cantila.carrier.delivery-latency", "200ms",
                "cantila.db.pool-size", "20"));
        Settings settings = Settings.load(Config.just(ConfigSources.create(props)),
                InboundBench.cantilaEnvironment(), 0, data);
        try (App app = App.create(settings, Clock.systemUTC(), k -> { })) {
            WebServer server = WebServer.builder().port(0).maxPayloadSize(64L * 1024 * 1024)
                    .routing(r -> Main.routing(r, app)).build().start();
            app.startWorkers();
            BenchClient client = new BenchClient(server.port());
            System.out.printf("cantila bench: %d cores, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                    Runtime.version(), app.database().isPostgres() ? "PostgreSQL" : "H2 file database in " + data);

            String project = client.post("/v1/projects", "{\"name\":\"bench\"}").get("id").asText();
            if (requests > 0) {
                sendBench(client, project, requests, clients);
                awaitDrained(app); // (b) starts on a quiet engine, as a bulk send would on a real one
            }
            // --bulk-runs N: N accepts one after the other, each to a project of its own, drained only after the last
            for (int run = 1; run <= bulkRuns; run++) {
                bulkBench(client, app, bulk, rate, drain && run == bulkRuns);
            }
            server.stop();
        }
    }

    private static void sendBench(BenchClient client, String project, int requests, int clients) throws Exception {
        client.post("/v1/projects/" + project + "/sms/activate", "{\"country\":\"US\",\"numberType\":\"local\"}");
        client.load("(a) send API", "/v1/projects/" + project + "/sms/send", i -> "{\"to\":\"+1415555"
                + String.format("%04d", i % 10000) + "\",\"body\":\"Your code is " + i + "\"}", 201, requests, clients);
    }

    private static void bulkBench(BenchClient client, App app, int n, double rate,
                                  boolean drainToo) throws Exception {
        String other = client.post("/v1/projects", "{\"name\":\"bulk\"}").get("id").asText();
        client.post("/v1/projects/" + other + "/sms/activate", "{\"country\":\"US\",\"numberType\":\"tollfree\"}");
        StringBuilder body = new StringBuilder("{\"templateId\":null,\"body\":\"Flash sale today only\",\"recipients\":[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"to\":\"+1").append(212 + (i / 10_000_000) % 3)
                    .append(String.format("%07d", 2_000_000 + i % 8_000_000)).append("\"}");
        }
        body.append("]}");
        long t0 = System.nanoTime();
        JsonNode batch = client.post("/v1/projects/" + other + "/sms/bulk", body.toString());
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
}
