package dev.cantila.engine.scripts;

import dev.cantila.runtime.CompiledScript;
import dev.cantila.runtime.FunctionsProject;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.engine.twilio.TwilioRequests;
import dev.cantila.runtime.host.SmsHost;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Handlers as the voice domain uses them: a held number's voice route, the deployed version of a script (for
 * {@code onCall}), the {@code ctx} of a call (env, kv, sms.send, log from the project's number), and the execution
 * log for call runs. Thread-safe.
 */
public final class VoiceHandlers {
    private final Routing routing;
    private final Scripts scripts;
    private final Executions executions;
    private final Supplier<ScriptRuntime> runtime;
    private final InboundRouter.Services services;
    private final TwilioRequests twilio;

    VoiceHandlers(Routing routing, Scripts scripts, Executions executions, Supplier<ScriptRuntime> runtime,
                  InboundRouter.Services services, TwilioRequests twilio) {
        this.twilio = twilio;
        this.routing = routing;
        this.scripts = scripts;
        this.executions = executions;
        this.runtime = runtime;
        this.services = services;
    }

    /** A deployed script version ready to run: an ES module, or a Functions project ({@code functions} non-null). */
    public record Deployed(String scriptId, int version, CompiledScript compiled, FunctionsProject functions) {
    }

    /** The voice route of {@code e164}, if it is held and routed. */
    public Optional<Routing.Route> route(String e164) {
        return routing.get(e164).map(Routing.NumberRouting::voice);
    }

    public Optional<Deployed> deployed(String projectId, String scriptId) {
        return scripts.deployed(projectId, scriptId).map(d -> new Deployed(d.scriptId(), d.version(), d.compiled(),
                d.functions()));
    }

    /** The script (of this project) exists and has a deployed version; 404 otherwise. */
    public void requireScript(String projectId, String scriptId) {
        scripts.get(projectId, scriptId);
    }

    /** Twilio-format requests (a {@code twilio} voice URL). */
    public TwilioRequests twilio() {
        return twilio;
    }

    /** Where Functions' {@code client.calls.create} places calls, or null. */
    public dev.cantila.engine.twilio.CallStarter calls() {
        return services.calls().get();
    }

    public ScriptRuntime runtime() {
        return runtime.get();
    }

    /** {@code ctx} for a call on {@code local} (the project's number) with {@code remote}. */
    public SmsHost ctx(String projectId, String local, String remote) {
        return new ProjectSmsHost(new ProjectSmsHost.Inbound(projectId, local, remote, ""), services);
    }

    /** Records a call's handler run (a script, or URL actions) in the execution log. */
    public String record(String projectId, String scriptId, Integer version, String target, String e164, String callId,
                         String outcome, long durationMs, Object detail) {
        return executions.record("call", projectId, scriptId, version, target, e164, callId, outcome, durationMs, detail);
    }
}
