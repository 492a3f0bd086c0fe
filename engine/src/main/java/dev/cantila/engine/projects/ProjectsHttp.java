package dev.cantila.engine.projects;

import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.Caller;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.Query;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Map;

/** {@code /v1/projects}: create (operator only), list, read, rename, and the project environment. */
public final class ProjectsHttp implements HttpService {
    private final Projects projects;

    public ProjectsHttp(Projects projects) {
        this.projects = projects;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/", this::list)
                .get("/{id}", this::get)
                .patch("/{id}", this::update)
                .get("/{id}/env", this::env)
                .put("/{id}/env/{name}", this::putEnv)
                .delete("/{id}/env/{name}", this::deleteEnv);
    }

    private void create(ServerRequest req, ServerResponse res) {
        AuthFilter.caller(req).requireOperator();
        JsonRequest body = Json.body(req, "name", "helpText");
        Json.created(res, projects.create(body.string("name", Limits.PROJECT_NAME),
                body.optString("helpText", Limits.HELP_TEXT)));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = AuthFilter.caller(req);
        if (!caller.isOperator()) {
            caller.requireProject(caller.projectId());
            Json.ok(res, new Page<>(List.of(projects.get(caller.projectId())), null));
            return;
        }
        Json.ok(res, projects.list(Query.str(req, "cursor"), Page.limit(Query.integer(req, "limit"), 50, 500)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = Query.path(req, "id");
        AuthFilter.caller(req).requireProject(id);
        Json.ok(res, projects.get(id));
    }

    private void update(ServerRequest req, ServerResponse res) {
        String id = Query.path(req, "id");
        AuthFilter.caller(req).requireProject(id);
        JsonRequest body = Json.body(req, "name", "helpText");
        Json.ok(res, projects.update(id, body.optString("name", Limits.PROJECT_NAME),
                body.optString("helpText", Limits.HELP_TEXT)));
    }

    private void env(ServerRequest req, ServerResponse res) {
        String id = Query.path(req, "id");
        AuthFilter.caller(req).requireProject(id);
        Json.ok(res, Map.of("data", projects.envMasked(id)));
    }

    private void putEnv(ServerRequest req, ServerResponse res) {
        String id = Query.path(req, "id");
        AuthFilter.caller(req).requireProject(id);
        JsonRequest body = Json.body(req, "value", "secret");
        String name = Query.path(req, "name");
        Boolean secret = body.optBool("secret");
        projects.putEnv(id, name, body.string("value", Limits.ENV_VALUE), secret != null && secret);
        Json.ok(res, Map.of("data", projects.envMasked(id)));
    }

    private void deleteEnv(ServerRequest req, ServerResponse res) {
        String id = Query.path(req, "id");
        AuthFilter.caller(req).requireProject(id);
        projects.deleteEnv(id, Query.path(req, "name"));
        res.status(204).send();
    }
}
