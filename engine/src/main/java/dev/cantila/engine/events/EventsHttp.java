package dev.cantila.engine.events;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.http.Query;
import dev.cantila.webhooks.WebhookException;
import dev.cantila.webhooks.events.EventTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/projects/{id}/events}: the project's events (the same types and payloads as its webhooks) as a
 * server-sent events stream ({@code /events/stream}, resumable with {@code Last-Event-ID}) or as a JSON page after
 * a cursor (for clients that poll). Project key or operator; the key goes in the {@code Authorization} header, never
 * in the URL (browsers read the stream with {@code fetch}, whose requests carry headers).
 */
public final class EventsHttp implements HttpService {
    private static final int MAX_PATTERNS = 15;

    private final EventLog log;
    private final EventStream stream;
    private final EventStreams streams;
    private final EventTypes types;
    private final ProjectScope scope;

    public EventsHttp(EventLog log, EventStream stream, EventStreams streams, EventTypes types, ProjectScope scope) {
        this.log = log;
        this.stream = stream;
        this.streams = streams;
        this.types = types;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/events/stream", this::stream)
                .get("/{id}/events", this::page);
    }

    private void stream(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        List<String> patterns = patterns(req);
        String lastEventId = req.headers().value(HeaderNames.create("Last-Event-ID")).filter(v -> !v.isBlank()).orElse(null);
        String cursor = lastEventId != null ? EventLog.cursor(lastEventId.strip(), "Last-Event-ID") : after(req);
        try (EventStreams.Slot slot = streams.open(project)) {
            res.status(Status.OK_200)
                    .header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .header(HeaderNames.CACHE_CONTROL, "no-cache")
                    .header(HeaderNames.create("X-Accel-Buffering"), "no");
            try (OutputStream out = res.outputStream()) {
                stream.run(project, cursor, patterns, chunk -> {
                    try {
                        out.write(chunk.getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    } catch (RuntimeException gone) {
                        throw new IOException("the client of the event stream of " + project + " is gone", gone);
                    }
                });
            } catch (IOException | RuntimeException closing) {
                // the client left while the stream ended: nothing to tell it
            }
        }
    }

    private void page(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        List<String> patterns = patterns(req);
        int limit = Page.limit(Query.integer(req, "limit"), 100, EventStream.BATCH);
        String after = after(req);
        List<EventLog.StoredEvent> rows = log.after(project, after == null ? "" : after, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", rows.stream().filter(e -> EventLog.wanted(patterns, e)).map(e -> Json.parse(e.payload())).toList());
        body.put("nextCursor", rows.isEmpty() ? after : rows.getLast().id());
        Json.okTagged(req, res, body);
    }

    private static String after(ServerRequest req) {
        String after = Query.str(req, "after");
        return after == null ? null : EventLog.cursor(after, "after");
    }

    /** {@code types=sms.*,call.completed}: the webhook subscription patterns; none = every type. */
    private List<String> patterns(ServerRequest req) {
        String raw = Query.str(req, "types");
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> patterns = Arrays.stream(raw.split(",")).map(String::strip).toList();
        if (patterns.size() > MAX_PATTERNS || patterns.stream().anyMatch(p -> p.length() > 64)) {
            throw ApiException.invalid("types", "types takes at most " + MAX_PATTERNS
                    + " comma-separated event types of at most 64 characters each");
        }
        try {
            return types.requirePatterns(patterns);
        } catch (WebhookException e) {
            throw ApiException.invalid(e.code(), "types", e.getMessage());
        }
    }
}
