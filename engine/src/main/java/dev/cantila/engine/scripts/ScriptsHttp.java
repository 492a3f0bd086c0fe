package dev.cantila.engine.scripts;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.http.Query;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/**
 * {@code /v1/projects/{id}/scripts}: upload ({@code source}, or {@code files} for a Twilio Functions project),
 * versions, deploy and roll back, and the execution log.
 */
public final class ScriptsHttp implements HttpService {
    /** A 256 KB script in a JSON string, escaped. */
    private static final int MAX_BODY = 1024 * 1024;

    private final Scripts scripts;
    private final Executions executions;
    private final ProjectScope scope;

    ScriptsHttp(Scripts scripts, Executions executions, ProjectScope scope) {
        this.scripts = scripts;
        this.executions = executions;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/scripts", this::create)
                .get("/{id}/scripts", this::list)
                .get("/{id}/scripts/{sid}", this::get)
                .post("/{id}/scripts/{sid}/versions", this::addVersion)
                .get("/{id}/scripts/{sid}/versions", this::versions)
                .get("/{id}/scripts/{sid}/versions/{version}", this::version)
                .post("/{id}/scripts/{sid}/deploy", this::deploy)
                .get("/{id}/scripts/{sid}/executions", this::executions)
                .get("/{id}/scripts/{sid}/executions/{eid}", this::execution);
    }

    private void create(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        JsonRequest b = Json.body(req, MAX_BODY, "name", "source", "files");
        Json.created(res, scripts.create(project, b.string("name", Limits.SCRIPT_NAME), ScriptFiles.read(b)));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.ok(res, Map.of("data", scripts.list(scope.project(req))));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Json.ok(res, scripts.get(scope.project(req), Query.path(req, "sid")));
    }

    private void addVersion(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        JsonRequest b = Json.body(req, MAX_BODY, "source", "files", "deploy");
        Boolean deploy = b.optBool("deploy");
        Json.created(res, scripts.addVersion(project, Query.path(req, "sid"), ScriptFiles.read(b),
                deploy != null && deploy));
    }

    private void versions(ServerRequest req, ServerResponse res) {
        Json.ok(res, Map.of("data", scripts.versions(scope.project(req), Query.path(req, "sid"))));
    }

    private void version(ServerRequest req, ServerResponse res) {
        Json.ok(res, scripts.version(scope.project(req), Query.path(req, "sid"), versionParam(Query.path(req, "version"))));
    }

    private void deploy(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        Integer version = Json.body(req, "version").optInt("version");
        if (version == null) {
            throw ApiException.invalid("version", "version is required: the version to deploy (deploying an earlier"
                    + " one is a rollback)");
        }
        Json.ok(res, scripts.deploy(project, Query.path(req, "sid"), version));
    }

    private void executions(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        String sid = Query.path(req, "sid");
        scripts.get(project, sid);
        Json.ok(res, executions.forScript(project, sid, Query.str(req, "cursor"),
                Page.limit(Query.integer(req, "limit"), 50, 500)));
    }

    private void execution(ServerRequest req, ServerResponse res) {
        Json.ok(res, executions.get(scope.project(req), Query.path(req, "eid")));
    }

    private static int versionParam(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("version", "version must be a whole number, got '" + raw + "'");
        }
    }
}
