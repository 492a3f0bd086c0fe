package dev.cantila.engine.voice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.scripts.VoiceHandlers;
import dev.cantila.runtime.host.CallChannel;
import dev.cantila.engine.scripts.UrlRoutes;
import dev.cantila.webhooks.outbound.OutboundHttp;
import dev.cantila.webhooks.signing.WebhookSigner;
import dev.cantila.engine.scripts.ExecutionOutcomes;

import java.io.IOException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A call routed to a URL: the engine POSTs {@code {"type":"call.incoming","data":{id, from, to, direction}}},
 * signed like webhooks with the project's callback secret, and executes the 2xx JSON answer's actions in order:
 * <pre>
 *   {"actions": [{"say": "text"} | {"say": {"text", "voice"}}, {"play": "url"}, {"pause": seconds},
 *                {"gather": {numDigits, finishOnKey, timeoutSeconds, interDigitTimeoutSeconds, prompt: {say|play}}},
 *                {"forward": "+1…"} | {"forward": {"to": "+1…" | [..], "timeoutSeconds", "callerId"}},
 *                {"voicemail": {greeting, maxSeconds, beep}}, {"record": {maxSeconds, beep}},
 *                {"hangup": {}}, {"reject": "busy" | "rejected"}]}
 * </pre>
 * After a gather, the digits are POSTed back to the same URL as {@code call.gather} ({@code data.digits}); if that
 * answer has an {@code actions} array it replaces the remaining actions, otherwise the remaining ones continue.
 * When the actions run out the call is hung up. A URL that fails, times out, answers non-2xx or not JSON is
 * logged in the execution log and the caller hears the apology before the hangup. Unknown actions are skipped
 * and logged.
 */
final class UrlActions {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_STEPS = 200;
    /** The largest answer a URL may give; a longer one fails the call like a non-2xx. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;
    /** Blocking requests, one virtual thread each (a waiting call holds no platform thread). */
    private static final Executor REQUESTS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cantila-url-", 0).factory());

    private final VoiceHandlers handlers;
    private final Projects projects;
    private final Clock clock;
    private final OutboundHttp http;

    /** @param http the outbound client (and its target policy); requests run on virtual threads */
    UrlActions(VoiceHandlers handlers, Projects projects, Clock clock, OutboundHttp http) {
        this.handlers = handlers;
        this.projects = projects;
        this.clock = clock;
        this.http = http.withTimeouts(TIMEOUT, TIMEOUT);
    }

    LiveCall.Handling run(LiveCall live, String url) {
        Run run = new Run(live, url);
        CompletableFuture<Boolean> done = run.post("call.incoming", null).thenCompose(actions -> run.steps(actions, 0))
                .handle((ok, failure) -> run.finish(ok, failure));
        return new LiveCall.Handling(done, () -> run.stopped.set(true));
    }

    /** One call's run of URL actions. */
    private final class Run {
        private final LiveCall live;
        private final String url;
        private final Call call;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final List<Object> log = new ArrayList<>();
        private final long start = System.nanoTime();
        private int steps;

        Run(LiveCall live, String url) {
            this.live = live;
            this.url = url;
            this.call = live.call();
        }

        CompletableFuture<List<JsonNode>> post(String type, String digits) {
            Map<String, Object> data = CallRouter.event(call);
            if (digits != null) {
                data.put("digits", digits);
            }
            byte[] body = Json.write(Map.of("type", type, "data", data)).getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = UrlRoutes.headers(WebhookSigner.header(clock.millis() / 1000, body,
                    List.of(projects.callbackSecret(call.projectId()))));
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return http.post(url, headers, body, MAX_ANSWER_BYTES + 1);
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, REQUESTS).thenApply(response -> {
                if (response.status() / 100 != 2 || response.truncated()) {
                    throw new IllegalStateException(UrlRoutes.failure(url, response, MAX_ANSWER_BYTES) + " to " + type);
                }
                JsonNode list = response.text().isBlank() ? null : Json.parse(response.text()).get("actions");
                List<JsonNode> actions = new ArrayList<>();
                if (list != null && list.isArray()) {
                    list.forEach(actions::add);
                }
                synchronized (log) {
                    log.add(Map.of("post", type, "status", response.status(), "actions", actions.size()));
                }
                return actions;
            });
        }

        CompletableFuture<Boolean> steps(List<JsonNode> actions, int i) {
            if (i >= actions.size() || stopped.get()) {
                return CompletableFuture.completedFuture(true);
            }
            if (++steps > MAX_STEPS) {
                throw new IllegalStateException("more than " + MAX_STEPS + " actions for one call");
            }
            JsonNode a = actions.get(i);
            synchronized (log) {
                log.add(a);
            }
            if (a.has("gather")) {
                return live.gather(gather(a.get("gather"))).thenCompose(digits -> post("call.gather", digits))
                        .thenCompose(next -> next.isEmpty() ? steps(actions, i + 1) : steps(next, 0));
            }
            return step(a).thenCompose(v -> steps(actions, i + 1));
        }

        private CompletableFuture<?> step(JsonNode a) {
            String name = a.fieldNames().hasNext() ? a.fieldNames().next() : "";
            JsonNode v = a.get(name);
            return switch (name) {
                case "say" -> v.isObject() ? live.say(v.path("text").asText(), text(v, "voice")) : live.say(v.asText(), null);
                case "play" -> live.play(v.asText());
                case "pause" -> live.pause(Duration.ofMillis(Math.round(v.asDouble(1) * 1000)));
                case "forward" -> live.forward(targets(v.isObject() ? v.get("to") : v),
                        seconds(v, "timeoutSeconds", CallChannel.DEFAULT_FORWARD_TIMEOUT), text(v, "callerId"),
                        v.path("record").asBoolean(false));
                case "voicemail" -> live.voicemail(v.isObject() ? text(v, "greeting") : CallRouter.VOICEMAIL_GREETING,
                        seconds(v, "maxSeconds", CallChannel.DEFAULT_MAX_RECORDING), v.path("beep").asBoolean(true));
                case "record" -> live.record(seconds(v, "maxSeconds", CallChannel.DEFAULT_MAX_RECORDING),
                        v.path("beep").asBoolean(true));
                case "hangup" -> live.hangup(text(v, "cause"));
                case "reject" -> live.reject(v.isTextual() ? v.asText() : "rejected");
                default -> {
                    synchronized (log) {
                        log.add(Map.of("skipped", "unknown action " + a));
                    }
                    yield CompletableFuture.completedFuture(null);
                }
            };
        }

        boolean finish(Boolean ok, Throwable failure) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("event", CallRouter.event(call));
            synchronized (log) {
                detail.put("actions", List.copyOf(log));
            }
            String outcome = ExecutionOutcomes.OK;
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                detail.put("error", String.valueOf(cause.getMessage()));
                outcome = cause instanceof java.net.http.HttpTimeoutException ? ExecutionOutcomes.URL_TIMEOUT
                        : cause instanceof dev.cantila.runtime.host.HostActionException
                        ? ExecutionOutcomes.ACTION_FAILED
                        : ExecutionOutcomes.URL_ERROR;
            }
            handlers.record(call.projectId(), null, null, "url", call.direction().equals("inbound") ? call.to()
                    : call.from(), call.id(), outcome, (System.nanoTime() - start) / 1_000_000, detail);
            return failure == null || stopped.get();
        }
    }

    private static CallChannel.Gather gather(JsonNode g) {
        Duration timeout = seconds(g, "timeoutSeconds", CallChannel.DEFAULT_GATHER_TIMEOUT);
        JsonNode p = g.get("prompt");
        CallChannel.Prompt prompt = p == null || !p.isObject() || (text(p, "say") == null && text(p, "play") == null) ? null
                : new CallChannel.Prompt(text(p, "say"), text(p, "voice"), text(p, "play"));
        return new CallChannel.Gather(Math.max(0, Math.min(64, g.path("numDigits").asInt(0))),
                g.has("finishOnKey") ? g.get("finishOnKey").asText() : CallChannel.DEFAULT_FINISH_ON_KEY, timeout,
                seconds(g, "interDigitTimeoutSeconds", timeout), prompt);
    }

    private static List<String> targets(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(t -> out.add(t.asText()));
        } else if (v != null) {
            out.add(v.asText());
        }
        return out;
    }

    private static String text(JsonNode v, String field) {
        return v != null && v.hasNonNull(field) ? v.get(field).asText() : null;
    }

    private static Duration seconds(JsonNode v, String field, Duration dflt) {
        if (v == null || !v.path(field).isNumber()) {
            return dflt;
        }
        double s = Math.max(0, Math.min(86_400, v.get(field).asDouble()));
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
