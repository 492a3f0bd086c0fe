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
        try (Rig rig = Rig.start()) {
            BenchClient client = new BenchClient(rig.port());
            String body = "{\"from\":\"+14155550123\",\"to\":\"" + rig.number() + "\",\"body\":\"hours\"}";
            System.out.printf("cantila inbound bench: %d cores, Java %s, JS runtime %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), rig.app().scripts().runtime()
                            .implementationName());
            client.load("inbound → script → reply stored → webhook queued", "/v1/sim/inbound-sms", i -> body, 201,
                    requests, clients, () -> resetStatistics(rig.app()));
            awaitDrained(rig.app());
            statistics(rig.app(), requests).forEach(System.out::println);
        }
    }

    /**
     * The engine side of the bench as a process of its own, for an outside load generator ({@code
     * bench/run-inbound-wrk}): prints {@code bench ready <port> <number> <js runtime>}, then answers on stdin
     * {@code reset} (statement statistics from now), {@code stats <messages>} (waits for the replies to drain, then
     * the statistics per message, ending with {@code bench stats end}) and {@code quit}.
     */
    public static final class Engine {
        private Engine() {
        }

        public static void main(String[] args) throws Exception {
            try (Rig rig = Rig.start()) {
                // port, the routed number, the JS runtime, and the project's path (bench/send.lua sends from it)
                System.out.println("bench ready " + rig.port() + " " + rig.number() + " "
                        + rig.app().scripts().runtime().implementationName().replace(' ', '_') + " " + rig.projectPath());
                var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                    if (line.equals("reset")) {
                        if (!rig.app().database().isPostgres()) {
                            resetStatistics(rig.app()); // H2's statement statistics; PostgreSQL has none here
                        }
                        System.out.println("bench reset done");
                    } else if (line.startsWith("stats ")) {
                        awaitDrained(rig.app());
                        statistics(rig.app(), Long.parseLong(line.substring(6).trim()))
                                .forEach(l -> System.out.println("bench stats " + l));
                        System.out.println("bench stats end");
                    }
                }
            }
        }
    }

    /** Engine, webhook receiver, and a project whose number routes to the handler with an sms.inbound endpoint. */
    private record Rig(App app, WebServer server, HttpServer receiver, ExecutorService receiving, String number,
                       String projectPath)
            implements AutoCloseable {
        static Rig start() throws Exception {
            Settings settings = Settings.load(Config.just(ConfigSources.create(Map.of("cantila.api-key", BenchClient.KEY,
                    "cantila.sms.throughput.local", "1000000", "cantila.db.pool-size", "20",
                    // the bench's webhook receiver listens on 127.0.0.1: allowed as an operator allows a private target
                    "cantila.http.allow-private", "127.0.0.1/32"))), cantilaEnvironment(), 0,
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
            App app = App.create(settings, Clock.systemUTC(), k -> { });
            WebServer server = WebServer.builder().port(0).routing(r -> Main.routing(r, app)).build().start();
            app.startWorkers();
            BenchClient client = new BenchClient(server.port());
            BenchClient.Routed routed = client.routedScript("inbound", "hours.js", HANDLER, "sms");
            client.post(routed.projectPath() + "/webhooks", "{\"url\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\",\"events\":[\"sms.inbound\"]}");
            return new Rig(app, server, receiver, receiving, routed.number(), routed.projectPath());
        }

        int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.stop();
            app.close();
            receiver.stop(0);
            receiving.shutdownNow(); // its threads are not daemons: the JVM would never exit
        }
    }

    /**
     * The {@code CANTILA_*} environment, so a run can be pointed at PostgreSQL ({@code CANTILA_DB_URL}, ...) or
     * compare settings (e.g. {@code CANTILA_SCRIPTS_WARM_MAX_EVENTS=0}: every event in a fresh context).
     */
    static Map<String, String> cantilaEnvironment() {
        Map<String, String> env = new java.util.HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("CANTILA_")) {
                env.put(k, v);
            }
        });
        return env;
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
