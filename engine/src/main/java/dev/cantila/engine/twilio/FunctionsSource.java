package dev.cantila.engine.twilio;

import dev.cantila.scripts.twiml.FunctionDocuments;
import dev.cantila.scripts.twiml.TwimlSource;
import dev.cantila.engine.core.Hashes;
import dev.cantila.engine.scripts.ExecutionOutcomes;
import dev.cantila.runtime.Execution;
import dev.cantila.runtime.FunctionRequest;
import dev.cantila.runtime.FunctionResult;
import dev.cantila.runtime.FunctionsProject;
import dev.cantila.runtime.Limits;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.SmsHost;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The documents of a Functions project: a URL on the project's own domain ({@code https://<DOMAIN_NAME>/path}, what
 * a relative {@code action} such as {@code handle-user-input} resolves to) runs the function at that path in the
 * sandbox, with Twilio's parameters as {@code event}; any other URL is asked over HTTP, as on Twilio. Every
 * function run is kept for the execution log ({@link #runs()}: file, outcome, logs, error at {@code file:line:column}).
 * One per handled message or call; its runs happen one after another (each the executor's next step).
 */
public final class FunctionsSource implements TwimlSource {
    /** Each function run's budget: our scripts' per-event limits. */
    static final Limits LIMITS = Limits.SMS_DEFAULTS;

    /** The deployed Functions project version a number's route points at. */
    public record Deployment(String scriptId, int version, FunctionsProject project) {
    }

    private final ScriptRuntime runtime;
    private final Deployment deployment;
    private final SmsHost host;
    private final String local;
    private final TwimlSource http;
    private final String domain;
    private final List<Map<String, Object>> runs = new ArrayList<>();

    /**
     * @param host  what the functions' {@code getTwilioClient()} sends through, and the project's env
     * @param local the project's number handling the message or call
     * @param http  where URLs outside the project go
     */
    public FunctionsSource(ScriptRuntime runtime, Deployment deployment, SmsHost host, String local, TwimlSource http) {
        this(runtime, deployment, host, local, http, null);
    }

    /** As above; {@code calls} places the functions' {@code client.calls.create} (null: refused). */
    public FunctionsSource(ScriptRuntime runtime, Deployment deployment, SmsHost host, String local, TwimlSource http,
                           CallStarter calls) {
        this.runtime = runtime;
        this.deployment = deployment;
        this.host = calls == null ? host : new CallingHost(host, calls, this);
        this.local = local;
        this.http = http;
        this.domain = domain(deployment.scriptId());
    }

    /** A script's {@code DOMAIN_NAME}: its id on a reserved domain no request ever leaves the engine for. */
    public static String domain(String scriptId) {
        return scriptId.toLowerCase(Locale.ROOT).replace('_', '-') + ".functions.invalid";
    }

    /**
     * The URL of the function at {@code path} ({@code /sms}); a route stored without one (it was set while the
     * script was an ES module) asks {@code /}, which fails in the log naming the project's functions.
     */
    public String url(String path) {
        return "https://" + domain + (path == null ? "/" : path);
    }

    /** The function runs so far, in order. */
    public List<Map<String, Object>> runs() {
        synchronized (runs) {
            return List.copyOf(runs);
        }
    }

    @Override
    public TwimlSource.Answer fetch(String projectId, String url, String method, Map<String, String> params) {
        URI uri = FunctionDocuments.uri(url);
        if (!domain.equalsIgnoreCase(uri.getHost())) {
            return http.fetch(projectId, url, method, params);
        }
        String path = FunctionDocuments.path(uri);
        FunctionsProject.Function function = FunctionDocuments.route(deployment.project(), url, path);
        Map<String, String> event = FunctionDocuments.event(TwilioAccounts.accountSid(projectId), params, uri);
        if (host instanceof CallingHost calling) {
            calling.project(projectId);
        }
        FunctionResult result = runtime.invokeFunction(projectId, deployment.project(),
                new FunctionRequest(function.file(), local, context(projectId, path), event), host, LIMITS);
        note(function.file(), result);
        return FunctionDocuments.answer(url, function.file(), result);
    }

    /** {@code calls.create}: a URL on this project's domain runs its function, any other URL is TwiML over HTTP. */
    String call(String projectId, CallStarter calls, String to, String from, String twiml, String url) {
        if (twiml != null) {
            throw new HostActionException("unsupported", "calls.create({twiml}) is not supported: give url, e.g."
                    + " https://" + domain + "/outbound for a function of this project");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new HostActionException("invalid_url", "calls.create: '" + url + "' is not a URL");
        }
        String caller = from == null ? local : from;
        try {
            if (domain.equalsIgnoreCase(uri.getHost())) {
                String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
                if (deployment.project().route(path).isEmpty()) {
                    throw new HostActionException("unknown_function", "calls.create: the project has no public"
                            + " function at " + path);
                }
                return calls.start(projectId, caller, to, null, deployment.scriptId(), path);
            }
            return calls.start(projectId, caller, to, url, null, null);
        } catch (dev.cantila.engine.core.ApiException e) {
            throw new HostActionException(e.code(), e.getMessage());
        }
    }

    private Map<String, String> context(String projectId, String path) {
        Map<String, String> c = new LinkedHashMap<>(deployment.project().env());
        c.put("ACCOUNT_SID", TwilioAccounts.accountSid(projectId));
        c.put("DOMAIN_NAME", domain);
        c.put("PATH", path);
        c.put("SERVICE_SID", "ZS" + Hashes.sha256Hex("service:" + deployment.scriptId()).substring(0, 32));
        c.put("ENVIRONMENT_SID", "ZE" + Hashes.sha256Hex("environment:" + deployment.scriptId()).substring(0, 32));
        return c;
    }

    private void note(String file, FunctionResult result) {
        Execution ex = result.execution();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("function", file);
        run.put("version", deployment.version());
        run.put("outcome", ExecutionOutcomes.of(ex.outcome()));
        run.put("status", result.status());
        run.put("durationMs", ex.duration().toMillis());
        run.put("actions", ex.actions());
        run.put("logs", ex.logs());
        if (ex.error() != null) {
            run.put("error", ex.error());
        }
        synchronized (runs) {
            runs.add(run);
        }
    }
}
