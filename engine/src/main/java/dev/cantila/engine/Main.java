package dev.cantila.engine;

import dev.cantila.engine.billing.BillingHttp;
import dev.cantila.engine.billing.Invoices;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.numbers.NumbersHttp;
import dev.cantila.engine.numbers.SmsActivationHttp;
import dev.cantila.engine.numbers.TransfersHttp;
import dev.cantila.engine.porting.DocumentsHttp;
import dev.cantila.engine.porting.PortOutHttp;
import dev.cantila.engine.porting.PortingHttp;
import dev.cantila.engine.config.SettingsException;
import dev.cantila.engine.hooks.WebhooksHttp;
import dev.cantila.engine.http.AllowedMethods;
import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.Caller;
import dev.cantila.engine.http.DirectErrors;
import dev.cantila.engine.http.ErrorMapping;
import dev.cantila.engine.console.ConsoleHttp;
import dev.cantila.engine.events.EventLog;
import dev.cantila.engine.events.EventStream;
import dev.cantila.engine.events.EventStreams;
import dev.cantila.engine.events.EventsHttp;
import dev.cantila.engine.console.ScenarioRuns;
import dev.cantila.engine.console.ScenarioRunsHttp;
import dev.cantila.engine.http.OpenApiHttp;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.logs.Logs;
import dev.cantila.engine.projects.ProjectsHttp;
import dev.cantila.engine.sim.SimHttp;
import dev.cantila.engine.twilio.TwilioHttp;
import dev.cantila.engine.sms.TemplatesHttp;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import dev.cantila.scripts.cli.DeployCommand;
import dev.cantila.scripts.cli.TestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The composition root and the {@code cantila} command line. {@link #routing} is the one list of routes; the
 * server and the tests both use it.
 */
@Command(name = "cantila", mixinStandardHelpOptions = true, version = "cantila 0.1.0",
        description = "Programmable voice and SMS engine.",
        subcommands = {Main.Serve.class, TestCommand.class, DeployCommand.class})
public final class Main implements Runnable {
    /** The one route a Twilio AccountSid and auth token open (HTTP Basic): a recording's audio, as RecordingUrl. */
    static final java.util.regex.Pattern RECORDING_AUDIO =
            java.util.regex.Pattern.compile("/v1/projects/[^/]+/voice/calls/[^/]+/recordings/[^/]+/audio");

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
                        new SmsActivationHttp(app.smsActivation), new BillingHttp(app.billing,
                        new Invoices(app.db, app.clock, app.billing), app.projects),
                        new WebhooksHttp(app.webhooks, app.projects), app.scripts.http(), app.voice.http(),
                        app.voice.conferencesHttp(),
                        app.otp.http(), new TwilioHttp(app.twilio, new ProjectScope(app.projects::exists)),
                        new PortingHttp(app.portIns, new ProjectScope(app.projects::exists)),
                        new DocumentsHttp(app.documents, new ProjectScope(app.projects::exists)),
                        new TransfersHttp.ByProject(app.transfers, new ProjectScope(app.projects::exists)),
                        new ScenarioRunsHttp(new ScenarioRuns(), new ProjectScope(app.projects::exists)),
                        events(app))),
                new Mount("/v1/numbers", List.of(new NumbersHttp(app.numbers, app.projects), app.scripts.routingHttp(),
                        new PortingHttp.Check(app.portability),
                        new TransfersHttp.ByNumber(app.transfers, app.numbers, app.projects),
                        new PortOutHttp.Pin(app.portOuts, app.numbers))),
                new Mount("/v1/transfers", List.of(new TransfersHttp.ById(app.transfers))),
                new Mount("/v1/a2p", List.of(app.a2p.http())),
                new Mount("/v1/sim", sim(app)));
    }

    private static EventsHttp events(App app) {
        EventLog log = new EventLog(app.db);
        EventStream.Options options = app.eventStreams;
        return new EventsHttp(log, new EventStream(log, app.clock, options, Thread::sleep),
                new EventStreams(options.perProject(), options.heartbeat().toSeconds()), app.webhooks.types(),
                new ProjectScope(app.projects::exists));
    }

    private static List<HttpService> sim(App app) {
        List<HttpService> services = new java.util.ArrayList<>(List.of(new SimHttp(app.sms.inbound(),
                app.carrier instanceof dev.cantila.engine.telephony.SimulatedCarrier sim ? sim : null)));
        services.addAll(app.voice.simHttp());
        services.add(new PortOutHttp.Sim(app.portOuts));
        services.add(app.a2p.simHttp());
        return List.copyOf(services);
    }

    /** The server's routing: error mapping, authentication, then {@link #mounts}, and the Console's web app. */
    public static void routing(HttpRouting.Builder routing, App app) {
        List<Mount> mounts = mounts(app);
        Map<String, List<HttpService>> byPrefix = new LinkedHashMap<>();
        mounts.forEach(m -> byPrefix.put(m.prefix(), m.services()));
        ErrorMapping.register(routing, AllowedMethods.of(byPrefix));
        routing.addFilter(new AuthFilter(app.keys::authenticate,
                (sid, token) -> app.twilio.authenticate(sid, token).map(p -> new Caller(Caller.Role.PROJECT, p)),
                RECORDING_AUDIO.asMatchPredicate()));
        for (Mount m : mounts) {
            routing.register(m.prefix(), m.services().toArray(HttpService[]::new));
        }
        routing.register("/console", new ConsoleHttp());
    }

    /**
     * The server as configured under {@code server} in application.yaml (port, payload limit, observe features),
     * with {@link #routing}, JSON error bodies for what the web server refuses before any route, and the engine's
     * own health checks (script workers; the FreeSWITCH nodes) added to {@code /observe/health}, which is DOWN
     * when one of them is.
     */
    public static WebServerConfig.Builder server(Config server, App app) {
        Config observe = server.get("features.observe");
        HealthObserver health = HealthObserver.builder().config(observe.get("observers.health"))
                .addChecks(app.healthChecks().toArray(io.helidon.health.HealthCheck[]::new)).build();
        return WebServer.builder()
                .config(server)
                .addFeature(ObserveFeature.builder().config(observe).addObserver(health).build())
                .directHandlers(DirectErrors.handlers())
                .routing(r -> routing(r, app));
    }

    /** The database as the start-up line names it: PostgreSQL, or where the H2 files are (never a password). */
    static String database(Settings settings) {
        if (settings.db().isPostgres()) {
            return "PostgreSQL";
        }
        String url = settings.db().url().substring("jdbc:h2:".length());
        return "H2 " + (url.indexOf(';') >= 0 ? url.substring(0, url.indexOf(';')) : url);
    }

    /** What carries messages and calls, as the start-up line names it. */
    static String telephony(Settings settings) {
        if (!settings.voice().provider().equals("freeswitch")) {
            return "SMS carrier: simulated, voice switch: simulated";
        }
        StringBuilder nodes = new StringBuilder();
        settings.voice().freeswitch().nodes().forEach(n -> nodes.append(nodes.isEmpty() ? "" : ", ")
                .append(n.name()).append(n.name().equals(n.address()) ? "" : " at " + n.address()));
        return "SMS carrier: FreeSWITCH (SIP MESSAGE), voice switch: FreeSWITCH nodes " + nodes;
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
            Logs.install(Settings.LogFormat.TEXT); // before any record, so that even the first is one line
            Config config = Config.create();
            Settings settings;
            try {
                settings = Settings.load(config, System.getenv(), port, data);
            } catch (SettingsException e) {
                System.err.println("cantila: bad setting: " + e.getMessage());
                return 2;
            }
            Settings.LogFormat format = settings.log().format();
            Logs.install(format);
            LogConfig.configureRuntime(); // Helidon's own logging set-up; it logs a record, in our format
            App app;
            try {
                app = App.create(settings, Clock.systemUTC(), key -> Logs.print(format, System.out, """

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
            Logs.print(format, System.out, "cantila: serving on http://localhost:" + server.port() + " (database "
                    + database(settings) + "; " + telephony(settings) + ")");
            try {
                Thread.currentThread().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }
}
