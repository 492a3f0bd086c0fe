package dev.cantila.engine.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.sms.InboundSms;
import dev.cantila.engine.sms.Message;
import dev.cantila.engine.sms.SmsService;
import dev.cantila.engine.sms.Templates;
import dev.cantila.engine.twilio.CallStarter;
import dev.cantila.engine.twilio.FunctionsSource;
import dev.cantila.engine.twilio.TwimlSms;
import dev.cantila.runtime.Execution;
import dev.cantila.runtime.Limits;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.SmsEvent;
import dev.cantila.webhooks.outbound.OutboundHttp;
import dev.cantila.webhooks.signing.WebhookSigner;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs an inbound message through its number's SMS routing, synchronously, after it is stored: the deployed
 * script's {@code onSms}, a signed POST to a URL whose JSON answer {@code {"actions":[{"reply":"…"},
 * {"forward":"+1…"}]}} is executed, or a forward. Keyword messages (STOP, HELP, …) never reach it. Every run is
 * recorded in the execution log; a script failure or a URL that fails or times out means no reply, never an error
 * for the carrier. A run's replies and forwards are stored with its log entry, in one transaction, when it ended: a
 * crash during a run loses its replies (the inbound message was committed before it started). The POST goes through
 * {@link OutboundHttp}: a target that resolves to a private address is refused, a redirect is a {@code url_error},
 * and the log keeps only a sanitised excerpt of a failed answer.
 */
public final class InboundRouter implements Consumer<InboundSms.Received> {
    private static final Logger LOG = Logger.getLogger(InboundRouter.class.getName());
    static final Duration URL_TIMEOUT = Duration.ofSeconds(5);
    /** The largest answer a URL route may give; a longer one is a {@code url_error}. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;

    private final Routing routing;
    private final Scripts scripts;
    private final Executions executions;
    private final Supplier<ScriptRuntime> runtime;
    private final Services services;
    private final Clock clock;
    private final OutboundHttp http;
    private final TwimlSms twiml;

    /**
     * What handlers act through, how many messages one run may send, where Functions place calls (null until
     * the voice domain is wired), and {@code otp}, which gives a project's {@code ctx.otp}.
     */
    record Services(SmsService sms, Templates templates, Projects projects, KvStore kv, int maxSendsPerRun,
                    Supplier<CallStarter> calls,
                    java.util.function.Function<String, dev.cantila.runtime.host.OtpHost> otp) {
    }

    InboundRouter(Routing routing, Scripts scripts, Executions executions, Supplier<ScriptRuntime> runtime,
                         Services services, Clock clock, OutboundHttp http, TwimlSms twiml) {
        this.routing = routing;
        this.scripts = scripts;
        this.executions = executions;
        this.runtime = runtime;
        this.services = services;
        this.clock = clock;
        this.http = http.withTimeouts(URL_TIMEOUT, URL_TIMEOUT);
        this.twiml = twiml;
    }

    @Override
    public void accept(InboundSms.Received received) {
        if (received.keyword() != null) {
            return;
        }
        Message m = received.message();
        routing.sms(m.to()).ifPresent(target -> {
            Routing.Route route = target.route();
            try {
                run(target, received);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "routing " + m.id() + " to " + route + " failed", e);
                executions.record(new Executions.Entry(m.projectId(), null, null, route.kind(), m.to(), m.id(),
                        ExecutionOutcomes.HOST_ERROR, 0, Map.of("error", String.valueOf(e.getMessage()))), List.of());
            }
        });
    }

    private void run(Routing.SmsTarget target, InboundSms.Received received) {
        Routing.Route route = target.route();
        Message m = received.message();
        ProjectSmsHost host = new ProjectSmsHost(new ProjectSmsHost.Inbound(m.projectId(), m.to(), m.from(), m.body()),
                services);
        long start = System.nanoTime();
        switch (route.kind()) {
            case "script" -> script(target, received, host);
            case "url" -> {
                if (route.twilio()) {
                    twiml(route, received, host, start);
                } else {
                    url(route.target(), received, host, start);
                }
            }
            case "forward" -> {
                Map<String, Object> action = action(() -> host.forward(route.target(), "From " + m.from() + ": "),
                        "forward", route.target());
                executions.record(new Executions.Entry(m.projectId(), null, null, "forward", m.to(), m.id(),
                        action.containsKey("error") ? ExecutionOutcomes.ACTION_FAILED : ExecutionOutcomes.OK,
                        millisSince(start),
                        host.noteCap(Map.of("event", event(received), "actions", List.of(action)))), host.queued());
            }
            default -> throw new IllegalStateException("unknown SMS route kind " + route.kind());
        }
    }

    private void script(Routing.SmsTarget target, InboundSms.Received received, ProjectSmsHost host) {
        Message m = received.message();
        String scriptId = target.route().target();
        var deployed = scripts.deployed(scriptId, target.scriptName(), target.deployedVersion());
        if (deployed.isEmpty()) {
            executions.record(new Executions.Entry(m.projectId(), scriptId, null, "script", m.to(), m.id(),
                    ExecutionOutcomes.NO_DEPLOYED_VERSION, 0, Map.of("event", event(received))), List.of());
            return;
        }
        if (deployed.get().functions() != null) {
            functions(target, received, host, deployed.get());
            return;
        }
        SmsEvent event = new SmsEvent(m.id(), m.from(), m.to(), m.body(), received.threadId(),
                m.createdAt().toString(), List.of());
        Execution ex = runtime.get().runSms(m.projectId(), deployed.get().compiled(), event, host,
                Limits.SMS_DEFAULTS);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("event", event(received));
        detail.put("actions", ex.actions());
        detail.put("logs", ex.logs());
        detail.put("logTruncated", ex.logTruncated());
        detail.put("error", ex.error());
        // A KILLED run's thread was abandoned and may still be calling ctx: nothing it queued is read or sent.
        executions.record(new Executions.Entry(m.projectId(), scriptId, deployed.get().version(), "script", m.to(),
                m.id(), ExecutionOutcomes.of(ex.outcome()), ex.duration().toMillis(),
                host.redact(host.noteCap(detail))),
                ex.outcome() == dev.cantila.runtime.Outcome.KILLED ? List.of() : host.queued());
    }

    private void url(String url, InboundSms.Received received, ProjectSmsHost host, long start) {
        Message m = received.message();
        byte[] body = Json.write(Map.of("type", "sms.inbound", "data", event(received))).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("event", event(received));
        String outcome;
        try {
            OutboundHttp.Response response = http.post(url, UrlRoutes.headers(WebhookSigner.header(clock.millis() / 1000,
                    body, List.of(services.projects().callbackSecret(m.projectId())))), body, MAX_ANSWER_BYTES + 1);
            detail.put("status", response.status());
            if (response.status() / 100 != 2 || response.truncated()) {
                outcome = ExecutionOutcomes.URL_ERROR;
                detail.put("error", UrlRoutes.failure(url, response, MAX_ANSWER_BYTES));
            } else {
                List<Map<String, Object>> done = actions(response.text(), host);
                detail.put("actions", done);
                outcome = done.stream().anyMatch(a -> a.containsKey("error")) ? ExecutionOutcomes.ACTION_FAILED
                        : ExecutionOutcomes.OK;
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            outcome = e instanceof java.net.http.HttpTimeoutException ? ExecutionOutcomes.URL_TIMEOUT
                    : ExecutionOutcomes.URL_ERROR;
            detail.put("error", String.valueOf(e.getMessage()));
        }
        executions.record(new Executions.Entry(m.projectId(), null, null, "url", m.to(), m.id(), outcome,
                millisSince(start), host.noteCap(detail)), host.queued());
    }

    /** A {@code twilio} URL: Twilio's parameters out, TwiML back ({@link TwimlSms}). */
    private void twiml(Routing.Route route, InboundSms.Received received, ProjectSmsHost host, long start) {
        Message m = received.message();
        TwimlSms.Result result = twiml.run(m, route.target(), route.method(), host::message);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("event", event(received));
        detail.putAll(result.detail());
        executions.record(new Executions.Entry(m.projectId(), null, null, "url", m.to(), m.id(), result.outcome(),
                millisSince(start), host.noteCap(detail)), host.queued());
    }

    /**
     * A Twilio Functions project: the route's function answers TwiML, run by the same executor as a {@code twilio}
     * URL; its {@code Redirect}s to sibling paths run those functions ({@link FunctionsSource}).
     */
    private void functions(Routing.SmsTarget target, InboundSms.Received received, ProjectSmsHost host,
                           Scripts.Deployed deployed) {
        Message m = received.message();
        long start = System.nanoTime();
        FunctionsSource source = new FunctionsSource(runtime.get(), new FunctionsSource.Deployment(
                deployed.scriptId(), deployed.version(), deployed.functions()), host, m.to(), twiml.http(),
                services.calls().get());
        TwimlSms.Result result = twiml.run(m, source.url(target.route().path()), "POST", host::message, source);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("event", event(received));
        detail.putAll(result.detail());
        detail.put("functions", source.runs());
        executions.record(new Executions.Entry(m.projectId(), deployed.scriptId(), deployed.version(), "script",
                m.to(), m.id(), result.outcome(), millisSince(start), host.noteCap(detail)), host.queued());
    }

    /** Executes the answer's actions in order; an unreadable answer is no actions (and says so). */
    private List<Map<String, Object>> actions(String answer, ProjectSmsHost host) {
        List<Map<String, Object>> done = new ArrayList<>();
        JsonNode list;
        try {
            list = answer.isBlank() ? null : Json.parse(answer).get("actions");
        } catch (IllegalStateException e) {
            done.add(Map.of("error", "the answer is not JSON"));
            return done;
        }
        if (list == null || !list.isArray()) {
            return done;
        }
        for (JsonNode a : list) {
            if (a.hasNonNull("reply")) {
                done.add(action(() -> host.reply(a.get("reply").asText()), "reply", a.get("reply").asText()));
            } else if (a.hasNonNull("forward")) {
                done.add(action(() -> host.forward(a.get("forward").asText(), null), "forward", a.get("forward").asText()));
            } else {
                done.add(Map.of("error", "unknown action " + a));
            }
        }
        return done;
    }

    private static Map<String, Object> action(Supplier<String> run, String name, String arg) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(name, arg);
        try {
            out.put("messageId", run.get());
        } catch (HostActionException e) {
            out.put("error", e.code() + ": " + e.getMessage());
        }
        return out;
    }

    private static Map<String, Object> event(InboundSms.Received r) {
        Message m = r.message();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", m.id());
        e.put("from", m.from());
        e.put("to", m.to());
        e.put("body", m.body());
        e.put("threadId", r.threadId());
        e.put("receivedAt", m.createdAt().toString());
        return e;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
