package dev.cantila.engine.sms;

import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.Query;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /v1/projects/{id}/sms/templates}: CRUD and preview. SMS routes, so the project's key, its SMS key and
 * the operator may use them.
 */
public final class TemplatesHttp implements HttpService {
    private final Templates templates;
    private final ProjectScope scope;

    public TemplatesHttp(Templates templates, ProjectScope scope) {
        this.templates = templates;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/sms/templates", this::create)
                .get("/{id}/sms/templates", this::list)
                .get("/{id}/sms/templates/{tid}", this::get)
                .put("/{id}/sms/templates/{tid}", this::replace)
                .delete("/{id}/sms/templates/{tid}", this::delete)
                .post("/{id}/sms/templates/{tid}/preview", this::preview);
    }

    private void create(ServerRequest req, ServerResponse res) {
        String project = project(req);
        JsonRequest body = Json.body(req, "name", "body");
        Json.created(res, templates.create(project, body.string("name", Limits.TEMPLATE_NAME),
                body.string("body", Limits.SMS_BODY)));
    }

    private void list(ServerRequest req, ServerResponse res) {
        String project = project(req);
        Json.ok(res, templates.list(project, Query.str(req, "cursor"),
                Page.limit(Query.integer(req, "limit"), 50, 200)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String project = project(req);
        Json.ok(res, templates.get(project, Query.path(req, "tid")));
    }

    private void replace(ServerRequest req, ServerResponse res) {
        String project = project(req);
        JsonRequest body = Json.body(req, "name", "body");
        Json.ok(res, templates.replace(project, Query.path(req, "tid"), body.string("name", Limits.TEMPLATE_NAME),
                body.string("body", Limits.SMS_BODY)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        templates.delete(project(req), Query.path(req, "tid"));
        res.status(204).send();
    }

    private void preview(ServerRequest req, ServerResponse res) {
        String project = project(req);
        JsonRequest body = Json.body(req, "vars");
        Json.ok(res, templates.preview(project, Query.path(req, "tid"), vars(body)));
    }

    /** Template variables, as {@code vars} of a preview, a send or a bulk recipient. */
    static java.util.Map<String, String> vars(JsonRequest body) {
        return body.optStringMap("vars", Limits.VARS, Limits.VAR_NAME, Limits.VAR_VALUE);
    }

    private String project(ServerRequest req) {
        return scope.sms(req);
    }
}
