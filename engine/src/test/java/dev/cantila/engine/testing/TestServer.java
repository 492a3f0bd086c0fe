package dev.cantila.engine.testing;

import dev.cantila.engine.App;
import dev.cantila.engine.Main;
import dev.cantila.engine.http.DirectErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.storage.Database;
import dev.cantila.webhooks.outbound.TargetPolicy;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * The integration tier's server: a real {@link App} on a fresh database (see {@link TestApps}) served with the
 * production routes on an ephemeral port, started once per test class and stopped after it. Register it as
 * {@code @RegisterExtension static final TestServer SERVER = TestServer.create();}. Background workers are not
 * started: tests drive them (and the clock, when they pass one) themselves.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {
    private final Clock clock;
    private final Map<String, String> overrides;
    private ManualTimers timers;
    private TargetPolicy.Resolver resolver;
    private App app;
    private WebServer server;
    private Api operator;

    private TestServer(Clock clock, Map<String, String> overrides) {
        this.clock = clock;
        this.overrides = overrides;
    }

    public static TestServer create() {
        return new TestServer(Clock.systemUTC(), Map.of());
    }

    public static TestServer withClock(Clock clock) {
        return new TestServer(clock, Map.of());
    }

    /** A clock of the test's (a fake one) and {@code cantila.*} setting overrides. */
    public static TestServer withClock(Clock clock, Map<String, String> overrides) {
        return new TestServer(clock, overrides);
    }

    /** The system clock and {@code cantila.*} setting overrides (e.g. the FreeSWITCH provider). */
    public static TestServer withSettings(Map<String, String> overrides) {
        return new TestServer(Clock.systemUTC(), overrides);
    }

    /** Voice timers (and the clock) under the test's control, and {@code cantila.*} setting overrides. */
    public static TestServer withTimers(ManualTimers timers, Map<String, String> overrides) {
        TestServer server = new TestServer(timers.clock(), overrides);
        server.timers = timers;
        return server;
    }

    /**
     * Outbound requests resolve host names with {@code names} instead of DNS (a made-up name that resolves to
     * 127.0.0.1, as a rebinding attacker's would).
     */
    public TestServer resolving(TargetPolicy.Resolver names) {
        this.resolver = names;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (resolver != null) {
            Settings settings = TestApps.settings(overrides);
            app = App.create(settings.withTargets(settings.targets().withResolver(resolver)), clock, key -> {
            });
        } else {
            app = timers == null ? TestApps.app(clock, overrides) : TestApps.app(timers, overrides);
        }
        // the production server section of application.yaml (observe features, payload limit), on an ephemeral port
        server = Main.server(Config.create().get("server"), app).port(0).build().start();
        operator = new Api(URI.create("http://localhost:" + server.port()), TestApps.OPERATOR_KEY);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
        app.close();
    }

    public App app() {
        return app;
    }

    /** The newest URL-route run of {@code projectId} in the execution log: {@code {outcome, detail}}. */
    public JsonNode lastUrlRun(String projectId) {
        return Database.one(app.database().exec(), "SELECT outcome, detail FROM script_executions"
                + " WHERE project_id = ? AND target = 'url' ORDER BY created_at DESC, id DESC", row -> {
                    ObjectNode run = Api.JSON.createObjectNode();
                    run.put("outcome", Database.str(row, "outcome"));
                    try {
                        run.set("detail", Api.JSON.readTree(Database.str(row, "detail")));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                    return (JsonNode) run;
                }, projectId).orElseThrow(() -> new AssertionError("no URL-route run of " + projectId));
    }

    /** A client acting with the operator key. */
    public Api operator() {
        return operator;
    }

    /** A new project and a client acting with its own key. */
    public TestProject newProject(String name) {
        Api.Resp created = operator.post("/v1/projects", Api.obj("name", name));
        return new TestProject(created.text("/id"), operator.as(created.text("/apiKey")));
    }

    /** A project of the test and a client with its key. */
    public record TestProject(String id, Api api) {
        public String path(String rest) {
            return "/v1/projects/" + id + rest;
        }
    }
}
