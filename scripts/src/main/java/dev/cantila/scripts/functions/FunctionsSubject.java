package dev.cantila.scripts.functions;

import dev.cantila.runtime.FunctionsProject;
import dev.cantila.runtime.Limits;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.runtime.host.CallEvent;
import dev.cantila.runtime.host.SmsEvent;
import dev.cantila.runtime.host.SmsHost;
import dev.cantila.scripts.call.OfflineCall;
import dev.cantila.scripts.scenario.Scenario;
import dev.cantila.scripts.scenario.ScenarioRunner;
import dev.cantila.scripts.scenario.Subject;
import dev.cantila.scripts.twiml.TwimlCall;
import dev.cantila.scripts.twiml.TwimlException;
import dev.cantila.scripts.twiml.TwimlMessaging;
import dev.cantila.scripts.twiml.TwimlParams;
import dev.cantila.scripts.world.Effect;
import dev.cantila.scripts.world.World;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A Twilio Functions project as a scenario's subject: an SMS runs the project's SMS function and its messaging TwiML
 * ({@link TwimlMessaging}), a call runs its voice function and the voice TwiML ({@link TwimlCall}, the engine's own
 * executor, over the offline call), each next document from a sibling function ({@link ProjectSource}). Which
 * function answers is the scenario's {@code functions: {sms, voice}}, else the command line's, else {@code /sms} and
 * {@code /voice} (as {@code cantila deploy --twilio}). A fault (an unknown verb, a failed function, a URL outside the
 * project) is an {@code error} effect, and a call then hears the apology, as in the engine.
 */
public final class FunctionsSubject implements Subject {
    static final String TENANT = "local";
    private final ScriptRuntime runtime;
    private final FunctionsProject project;
    private final String name;
    private final Map<String, String> defaults;
    private final Limits limits;

    /**
     * @param name     the project's name (its folder's): its {@code DOMAIN_NAME} is {@code <name>.functions.invalid}
     * @param defaults the functions of {@code sms} and {@code voice} when a scenario names none
     */
    public FunctionsSubject(ScriptRuntime runtime, FunctionsProject project, String name, Map<String, String> defaults,
                            Limits limits) {
        this.runtime = runtime;
        this.project = project;
        this.name = name;
        this.defaults = Map.copyOf(defaults);
        this.limits = limits;
    }

    @Override
    public void sms(Scenario scenario, SmsEvent event, World world) {
        String path = path(scenario, "sms", world);
        if (path == null) {
            return;
        }
        SmsHost host = world.host(event.to(), event.from(), event.body());
        ProjectSource source = new ProjectSource(this, world, host, event.to());
        TwimlMessaging.Run run = TwimlMessaging.run(source, new TwimlMessaging.Inbound(ScenarioRunner.PROJECT_NAME,
                event.from(), event.to(), TwimlParams.sms(event.id(), event.from(), event.to(), event.body(),
                segments(event.body()))), source.url(path), "POST",
                (to, text) -> to.equals(event.from()) ? host.reply(text) : host.send(to, text, null, null));
        for (Object step : run.steps()) {
            if (step instanceof Map<?, ?> m && m.get("error") != null) {
                world.effect("error", "<Message> to " + m.get("to") + " was not sent: " + m.get("error"),
                        Map.of("outcome", "action_failed", "location", source.lastFile()));
            }
        }
        if (run.error() != null && !source.reported(run.error())) {
            world.effect("error", run.error().getMessage(), Map.of("outcome", "twiml_error",
                    "location", source.lastFile()));
        }
    }

    @Override
    public CompletableFuture<Boolean> call(Scenario scenario, CallEvent event, OfflineCall call, World world,
                                           Consumer<Runnable> turns) {
        String path = path(scenario, "voice", world);
        if (path == null) {
            return CompletableFuture.completedFuture(true);
        }
        boolean inbound = event.direction().equals("inbound");
        String local = inbound ? event.to() : event.from();
        ProjectSource source = new ProjectSource(this, world, world.host(local, inbound ? event.from() : event.to(),
                null), local);
        TwimlCall run = new TwimlCall(source, call, new TwimlCall.CallInfo(event.id(), ScenarioRunner.PROJECT_NAME,
                event.from(), event.to(), event.direction()), id -> recording(world, id), Runnable::run);
        return run.run(source.url(path), "POST").handle((ok, failure) -> {
            if (failure == null) {
                return false;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (!source.reported(cause)) {
                world.effect("error", String.valueOf(cause.getMessage()), Map.of("outcome",
                        cause instanceof TwimlException t && t.outcome() != null ? t.outcome() : "twiml_error",
                        "location", source.lastFile()));
            }
            return true;
        });
    }

    /** The function answering {@code kind}; null (and an error effect saying how to name one) when there is none. */
    private String path(Scenario scenario, String kind, World world) {
        String path = scenario.functions().getOrDefault(kind, defaults.get(kind));
        if (path == null) {
            path = "/" + kind;
        }
        if (project.route(path).isEmpty()) {
            world.effect("error", "no public function answers " + (kind.equals("sms") ? "messages" : "calls") + " at "
                    + path + " (the project has " + project.functions().stream()
                    .filter(f -> !f.visibility().equals("private")).map(FunctionsProject.Function::path).toList()
                    + "): name it in the scenario, 'functions: {" + kind + ": /path}', or with --" + kind
                    + "-function /path",
                    Map.of("outcome", "no_function", "location", name));
            return null;
        }
        return path;
    }

    /** A stored recording of the call, as the engine describes one to the app. */
    private TwimlCall.Recording recording(World world, String id) {
        for (Effect e : world.effects()) {
            if (e.kind().equals("record") && id.equals(e.fields().get("id"))) {
                return new TwimlCall.Recording(Long.parseLong(e.fields().get("seconds")) * 1000,
                        "https://recordings." + domain() + "/" + id);
            }
        }
        return null;
    }

    // ---- what the project's runs share ----

    String name() {
        return name;
    }

    String domain() {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-") + ".functions.invalid";
    }

    FunctionsProject project() {
        return project;
    }

    ScriptRuntime runtime() {
        return runtime;
    }

    Limits limits() {
        return limits;
    }

    String accountSid() {
        return "AC" + hex("account:" + name);
    }

    /** {@code context}: the project's {@code .env}, the scenario's {@code env} over it, then Twilio's own values. */
    Map<String, String> context(World world, String path) {
        Map<String, String> c = new LinkedHashMap<>(project.env());
        c.putAll(world.env());
        c.put("ACCOUNT_SID", accountSid());
        c.put("DOMAIN_NAME", domain());
        c.put("PATH", path);
        c.put("SERVICE_SID", "ZS" + hex("service:" + name));
        c.put("ENVIRONMENT_SID", "ZE" + hex("environment:" + name));
        return c;
    }

    private static String hex(String seed) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many SMS parts the body is: GSM-7 (160, or 153 per part) when it is plain ASCII, UCS-2 (70/67) otherwise. */
    private static int segments(String body) {
        boolean gsm = body.chars().allMatch(ch -> ch == '\n' || ch == '\r' || (ch >= 32 && ch < 127));
        int n = body.length();
        int single = gsm ? 160 : 70;
        return n <= single ? 1 : (n + (single - 7) - 1) / (single - 7);
    }
}
