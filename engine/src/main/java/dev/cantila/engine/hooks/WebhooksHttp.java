package dev.cantila.engine.hooks;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.projects.Projects;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.delivery.DeliveryQuery;
import dev.cantila.webhooks.delivery.DeliveryStatus;
import dev.cantila.webhooks.endpoints.EndpointUpdate;
import dev.cantila.webhooks.endpoints.EndpointWithSecret;
import dev.cantila.webhooks.endpoints.NewEndpoint;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/projects/{id}/webhooks}: endpoints (URL, event types, signing secrets with rotation), the delivery log,
 * redelivery, and the secret that signs per-message {@code statusCallback}s. Project key or operator.
 */
public final class WebhooksHttp implements HttpService {
    private final Webhooks webhooks;
    private final Projects projects;
    private final ProjectScope scope;

    public WebhooksHttp(Webhooks webhooks, Projects projects) {
        this.webhooks = webhooks;
        this.projects = projects;
        this.scope = new ProjectScope(projects::exists);
    }

    @Override
    public void routing(HttpRules rules) {
        // the fixed segments first: Helidon matches routes in order, and {wid} would take "deliveries"
        rules.get("/{id}/webhooks/deliveries", this::deliveries)
                .get("/{id}/webhooks/deliveries/{did}", this::delivery)
                .post("/{id}/webhooks/deliveries/{did}/redeliver", this::redeliver)
                .get("/{id}/webhooks/callback-secret", this::callbackSecret)
                .post("/{id}/webhooks", this::create)
                .get("/{id}/webhooks", this::list)
                .get("/{id}/webhooks/{wid}", this::get)
                .patch("/{id}/webhooks/{wid}", this::update)
                .delete("/{id}/webhooks/{wid}", this::delete)
                .post("/{id}/webhooks/{wid}/rotate", this::rotate);
    }

    private String project(ServerRequest req) {
        return scope.project(req);
    }

    private void create(ServerRequest req, ServerResponse res) {
        String project = project(req);
        JsonRequest b = Json.body(req, "url", "events", "description");
        var events = b.optStringList("events", Limits.EVENT_TYPES, Limits.EVENT_TYPE);
        if (events == null || events.isEmpty()) {
            throw ApiException.invalid("events", "events is required: event types such as sms.inbound, sms.status, sms.*");
        }
        Json.created(res, withSecret(webhooks.endpoints().create(project, new NewEndpoint(b.string("url", Limits.URL), events,
                b.optString("description", Limits.DESCRIPTION)))));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.ok(res, Map.of("data", webhooks.endpoints().list(project(req))));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Json.ok(res, webhooks.endpoints().get(project(req), Query.path(req, "wid")));
    }

    private void update(ServerRequest req, ServerResponse res) {
        String project = project(req);
        JsonRequest b = Json.body(req, "url", "events", "description", "active");
        Json.ok(res, webhooks.endpoints().update(project, Query.path(req, "wid"), new EndpointUpdate(
                Optional.ofNullable(b.optString("url", Limits.URL)),
                Optional.ofNullable(b.optStringList("events", Limits.EVENT_TYPES, Limits.EVENT_TYPE)),
                Optional.ofNullable(b.optString("description", Limits.DESCRIPTION)), Optional.ofNullable(b.optBool("active")))));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        webhooks.endpoints().delete(project(req), Query.path(req, "wid"));
        res.status(204).send();
    }

    private void rotate(ServerRequest req, ServerResponse res) {
        String project = project(req);
        Integer overlap = req.content().hasEntity() ? Json.body(req, "overlapSeconds").optInt("overlapSeconds") : null;
        Json.ok(res, withSecret(webhooks.endpoints().rotateSecret(project, Query.path(req, "wid"),
                Duration.ofSeconds(overlap == null ? 86_400 : overlap))));
    }

    /** The endpoint's fields plus {@code secret}: the one time the secret is shown. */
    private static Object withSecret(EndpointWithSecret e) {
        return Json.tree(e.endpoint()).put("secret", e.secret());
    }

    private void deliveries(ServerRequest req, ServerResponse res) {
        String project = project(req);
        String status = Query.str(req, "status");
        Integer limit = Query.integer(req, "limit");
        DeliveryStatus parsed = null;
        if (status != null) {
            try {
                parsed = DeliveryStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("status", "status must be pending, failed, succeeded or dead");
            }
        }
        var query = new DeliveryQuery(project, Optional.ofNullable(Query.str(req, "endpoint")),
                Optional.ofNullable(Query.str(req, "event")), Optional.ofNullable(parsed),
                Optional.ofNullable(Query.str(req, "cursor")), limit == null ? 50 : limit);
        var rows = webhooks.deliveries().list(query);
        Json.ok(res, new Page<>(rows, rows.size() < query.limit() ? null : rows.get(rows.size() - 1).id()));
    }

    private void delivery(ServerRequest req, ServerResponse res) {
        Json.ok(res, webhooks.deliveries().get(project(req), Query.path(req, "did")));
    }

    private void redeliver(ServerRequest req, ServerResponse res) {
        Json.ok(res, webhooks.deliveries().redeliver(project(req), Query.path(req, "did")));
        webhooks.worker().wakeUp();
    }

    private void callbackSecret(ServerRequest req, ServerResponse res) {
        Json.ok(res, Map.of("secret", projects.callbackSecret(project(req))));
    }
}
