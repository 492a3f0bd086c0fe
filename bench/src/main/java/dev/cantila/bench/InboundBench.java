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
import java.time.Clock;
import java.util.Map;
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
                    requests, clients);
            server.stop();
        } finally {
            receiver.stop(0);
        }
    }
}
