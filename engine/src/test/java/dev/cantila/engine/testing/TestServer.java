package dev.cantila.engine.testing;

import dev.cantila.engine.App;
import dev.cantila.engine.Main;
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

    @Override
    public void beforeAll(ExtensionContext context) {
        app = timers == null ? TestApps.app(clock, overrides) : TestApps.app(timers, overrides);
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
