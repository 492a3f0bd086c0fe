package dev.cantila.engine;

import dev.cantila.engine.billing.BillingHttp;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.numbers.NumbersHttp;
import dev.cantila.engine.numbers.SmsActivationHttp;
import dev.cantila.engine.config.SettingsException;
import dev.cantila.engine.hooks.WebhooksHttp;
import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.ErrorMapping;
import dev.cantila.engine.http.OpenApiHttp;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.projects.ProjectsHttp;
import dev.cantila.engine.sim.SimHttp;
import dev.cantila.engine.sms.TemplatesHttp;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import dev.cantila.scripts.cli.DeployCommand;
import dev.cantila.scripts.cli.TestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The composition root and the {@code cantila} command line. {@link #routing} is the one list of routes; the
 * server and the tests both use it.
 */
@Command(name = "cantila", mixinStandardHelpOptions = true, version = "cantila 0.1.0",
        description = "Programmable voice and SMS engine.",
        subcommands = {Main.Serve.class, TestCommand.class, DeployCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Services mounted under one path prefix. */
    public record Mount(String prefix, List<HttpService> services) {
    }

    /** Every HTTP service and where it is mounted: the one list of the API's routes. */
    public static List<Mount> mounts(App app) {
        return List.of(
                new Mount("/openapi", List.of(new OpenApiHttp())),
                new Mount("/v1/projects", List.of(new ProjectsHttp(app.projects), app.sms.http(),
                        app.sms.inboundHttp(), new TemplatesHttp(app.templates, new ProjectScope(app.projects::exists)),
                        new SmsActivationHttp(app.smsActivation), new BillingHttp(app.billing, app.projects),
                        new WebhooksHttp(app.webhooks, app.projects), app.scripts.http(), app.voice.http())),
                new Mount("/v1/numbers", List.of(new NumbersHttp(app.numbers, app.projects), app.scripts.routingHttp())),
                new Mount("/v1/sim", sim(app)));
    }

    private static List<HttpService> sim(App app) {
        List<HttpService> services = new java.util.ArrayList<>(List.of(new SimHttp(app.sms.inbound())));
        services.addAll(app.voice.simHttp());
        return List.copyOf(services);
    }

    /** The server's routing: error mapping, authentication, then {@link #mounts}. */
    public static void routing(HttpRouting.Builder routing, App app) {
        ErrorMapping.register(routing);
        routing.addFilter(new AuthFilter(app.keys::authenticate));
        for (Mount m : mounts(app)) {
            routing.register(m.prefix(), m.services().toArray(HttpService[]::new));
        }
    }

    /**
     * The server as configured under {@code server} in application.yaml (port, payload limit, observe features),
     * with {@link #routing} and the engine's own health checks added to {@code /observe/health}.
     */
    public static WebServerConfig.Builder server(Config server, App app) {
        Config observe = server.get("features.observe");
        return WebServer.builder()
                .config(server)
                .addFeature(ObserveFeature.builder().config(observe)
                        .addObserver(HealthObserver.builder().config(observe.get("observers.health"))
                                .addCheck(app.scripts.health()).build())
                        .build())
                .routing(r -> routing(r, app));
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start the API server (embedded H2 and the simulated carrier unless configured otherwise).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", description = "HTTP port (default 8080, env CANTILA_PORT)")
        Integer port;

        @Option(names = "--data", description = "data directory for the embedded database (default ./data, env CANTILA_DATA_DIR)")
        Path data;

        @Override
        public Integer call() {
            LogConfig.configureRuntime();
            Config config = Config.create();
            Settings settings;
            try {
                settings = Settings.load(config, System.getenv(), port, data);
            } catch (SettingsException e) {
                System.err.println("cantila: bad setting: " + e.getMessage());
                return 2;
            }
            App app;
            try {
                app = App.create(settings, Clock.systemUTC(), key -> System.out.println("""

                        Generated the operator API key (shown once; only its hash is stored):
                            %s
                        Export it for the curl tour:  export CANTILA_API_KEY=%s
                        """.formatted(key, key)));
            } catch (RuntimeException e) {
                System.err.println("cantila: cannot start: " + e.getMessage());
                return 2;
            }
            WebServer server = server(config.get("server"), app)
                    .port(settings.port())
                    .build()
                    .start();
            app.startWorkers();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop();
                app.close();
            }, "cantila-shutdown"));
            System.out.println("cantila: serving on http://localhost:" + server.port() + " (database "
                    + (settings.db().isPostgres() ? "PostgreSQL" : "H2 in " + settings.dataDir().toAbsolutePath())
                    + ", simulated carrier)");
            try {
                Thread.currentThread().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }
}
