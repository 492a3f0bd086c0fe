package dev.cantila.bench;

import com.sun.net.httpserver.HttpServer;
import dev.cantila.engine.App;
import dev.cantila.engine.Main;
import dev.cantila.engine.config.Settings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Issue #3's end-to-end figure: inbound SMS through {@code POST /v1/sim/inbound-sms} → the number's deployed
 * script (the PRODUCT.md handler; "hours" gets a reply) → reply stored → {@code sms.inbound} webhook queued for a
 * subscribed endpoint (a local receiver answering 200), from {@code clients} concurrent clients over HTTP on H2.
 * Engine, receiver and load generator share this machine's cores.
 *
 * <p>Run: {@code bench/run-inbound-bench [--requests 20000] [--clients 32]}
 */
public final class InboundBench {
    private static final String HANDLER = """
            export async function onSms(sms, ctx) {
              if (/^hours$/i.test(sms.body)) return ctx.reply('We are open 9-5.');
              await ctx.forward('+14155550100');
            }
            """;

    public static void main(String[] args) throws Exception {
        int requests = args.length > 1 && args[0].equals("--requests") ? Integer.parseInt(args[1]) : 20_000;
        int clients = args.length > 3 && args[2].equals("--clients") ? Integer.parseInt(args[3]) : 32;
        Settings settings = Settings.load(Config.just(ConfigSources.create(Map.of("cantila.api-key", BenchClient.KEY,
                "cantila.sms.throughput.local", "1000000", "cantila.db.pool-size", "20",
                // the bench's webhook receiver listens on 127.0.0.1: allowed as an operator allows a private target
                "cantila.http.allow-private", "127.0.0.1/32"))), Map.of(), 0,
                Files.createTempDirectory("cantila-inbound-bench"));
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        ExecutorService receiving = Executors.newFixedThreadPool(4);
        receiver.setExecutor(receiving);
        receiver.start();
        try (App app = App.create(settings, Clock.systemUTC(), k -> { })) {
            WebServer server = WebServer.builder().port(0).routing(r -> Main.routing(r, app)).build().start();
            app.startWorkers();
            BenchClient client = new BenchClient(server.port());
            BenchClient.Routed routed = client.routedScript("inbound", "hours.js", HANDLER, "sms");
            String number = routed.number();
            client.post(routed.projectPath() + "/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\",\"events\":[\"sms.inbound\"]}");
            String body = "{\"from\":\"+14155550123\",\"to\":\"" + number + "\",\"body\":\"hours\"}";
            System.out.printf("cantila inbound bench: %d cores, Java %s, JS runtime %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), app.scripts().runtime()
                            .implementationName());
            client.load("inbound → script → reply stored → webhook queued", "/v1/sim/inbound-sms", i -> body, 201,
                    requests, clients, () -> resetStatistics(app));
            awaitDrained(app);
            statistics(app, requests).forEach(System.out::println);
            server.stop();
        } finally {
            receiver.stop(0);
            receiving.shutdownNow(); // its threads are not daemons: the JVM would never exit
        }
    }

    /** Waits (bounded) until the replies have been sent and delivered, so the statistics include their cost. */
    private static void awaitDrained(App app) throws Exception {
        for (int i = 0; i < 600 && query(app, "SELECT COUNT(*) FROM sms_messages WHERE status IN"
                + " ('queued', 'sending', 'sent')").getFirst() > 0; i++) {
            Thread.sleep(100);
        }
    }

    private static void resetStatistics(App app) {
        try (Connection c = app.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET QUERY_STATISTICS_MAX_ENTRIES 500");
            s.execute("SET QUERY_STATISTICS FALSE");
            s.execute("SET QUERY_STATISTICS TRUE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot turn on H2 query statistics", e);
        }
    }

    private static List<Long> query(App app, String sql) throws SQLException {
        try (Connection c = app.database().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        }
    }

    /**
     * H2's statement statistics since {@link #resetStatistics} (the measured run and the drain of its replies): each
     * statement by executions per inbound message, and the total.
     */
    private static List<String> statistics(App app, long inbound) {
        try (Connection c = app.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            List<String> out = new ArrayList<>();
            double total = 0;
            try (ResultSet rs = s.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT, CUMULATIVE_EXECUTION_TIME"
                    + " FROM INFORMATION_SCHEMA.QUERY_STATISTICS ORDER BY EXECUTION_COUNT DESC")) {
                while (rs.next()) {
                    String sql = rs.getString(1).replaceAll("\\s+", " ");
                    if (sql.contains("QUERY_STATISTICS") || sql.startsWith("SET ") || sql.contains("status IN ('queued'")) {
                        continue;
                    }
                    total += rs.getLong(2);
                    out.add(String.format("  %6.2f/msg %8.0f ms  %s", rs.getLong(2) / (double) inbound, rs.getDouble(3),
                            sql.length() > 150 ? sql.substring(0, 150) + "…" : sql));
                }
            }
            out.addFirst(String.format("SQL statements per inbound message (%d messages since statistics were reset):"
                    + " %.1f", inbound, total / inbound));
            return out;
        } catch (Exception e) {
            return List.of("no statistics: " + e);
        }
    }
}
