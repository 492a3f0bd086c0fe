package dev.cantila.engine.scripts;

import dev.cantila.webhooks.outbound.OutboundHttp;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.numbers.Numbers;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.sms.Sms;
import dev.cantila.engine.sms.Templates;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.twilio.TwilioRequests;
import dev.cantila.engine.twilio.CallStarter;
import dev.cantila.engine.twilio.TwimlSms;
import dev.cantila.runtime.RuntimeOptions;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.runtime.host.OtpHost;

import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Handlers in the engine, as {@code App} sees them. The GraalJS runtime is created on first use (creating its
 * engine costs about half a second), so an engine that never runs a script never pays for it.
 */
public final class ScriptsModule implements AutoCloseable {
    private final Scripts scripts;
    private final Executions executions;
    private final Routing routing;
    private final Numbers numbers;
    private final ProjectScope scope;
    private final VoiceHandlers voice;
    private final Clock clock;
    private final Settings.ScriptSettings settings;
    private ScriptRuntime runtime;
    private final java.util.concurrent.atomic.AtomicReference<CallStarter> calls =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Set once by {@link #useOtp} at start-up (the OTP module is built after this one: it needs voice). */
    private volatile Function<String, OtpHost> otp = project -> OtpHost.NONE;

    /**
     * @param urls   the client (and policy) for URL routes: SMS routed to a URL
     * @param twilio Twilio-format URL routes (SMS here, voice through {@link #voice()})
     */
    public ScriptsModule(Database db, Clock clock, Ids ids, Sms sms, Templates templates, Projects projects,
                         Numbers numbers, OutboundHttp urls, TwilioRequests twilio, Settings.ScriptSettings settings) {
        this.clock = clock;
        this.settings = settings;
        Supplier<ScriptRuntime> lazy = this::runtime;
        this.scripts = new Scripts(db, clock, ids, lazy);
        this.executions = new Executions(db, clock, ids, sms.service());
        this.routing = new Routing(db, clock, scripts, urls.policy());
        this.numbers = numbers;
        this.scope = new ProjectScope(projects::exists);
        var services = new InboundRouter.Services(sms.service(), templates, projects, new KvStore(db, clock),
                settings.maxSendsPerRun(), calls::get, project -> otp.apply(project));
        sms.onInbound(new InboundRouter(routing, scripts, executions, lazy, services, clock, urls,
                new TwimlSms(twilio)));
        this.voice = new VoiceHandlers(routing, scripts, executions, lazy, services, twilio);
    }

    /** Where Functions' {@code client.calls.create} places calls (the voice domain, built after this module). */
    public void placeCallsWith(CallStarter starter) {
        calls.set(starter);
    }

    /** Gives handlers {@code ctx.otp}: {@code hosts} answers a project's. */
    public void useOtp(Function<String, OtpHost> hosts) {
        this.otp = hosts;
    }

    /** What the voice domain needs of handlers: voice routes, deployed onCall scripts, ctx, the execution log. */
    public VoiceHandlers voice() {
        return voice;
    }

    public synchronized ScriptRuntime runtime() {
        if (runtime == null) {
            // handlers read time from the engine's clock (a fake one in tests)
            var warm = settings.warm();
            runtime = ScriptRuntime.create(RuntimeOptions.defaults().withClock(clock).withWorkers(settings.workers())
                    .withWorkersPerTenant(settings.perProjectWorkers())
                    .withWarm(new RuntimeOptions.Warm(warm.maxEvents(), warm.maxAge(), warm.freshProjects())));
            System.getLogger(ScriptsModule.class.getName()).log(System.Logger.Level.INFO,
                    "JavaScript runtime: " + runtime.implementationName()
                            + " (CANTILA_JS_RUNTIME=optimized for the optimizing runtime; see README)");
        }
        return runtime;
    }

    /** The {@code scripts} check of {@code /observe/health}. */
    public io.helidon.health.HealthCheck health() {
        return new ScriptsHealth(this::workerStats, settings.maxAbandoned());
    }

    private synchronized dev.cantila.runtime.WorkerStats workerStats() {
        return runtime == null ? null : runtime.workerStats();
    }

    public ScriptsHttp http() {
        return new ScriptsHttp(scripts, executions, scope);
    }

    public RoutingHttp routingHttp() {
        return new RoutingHttp(routing, numbers, executions);
    }

    @Override
    public synchronized void close() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }
}
