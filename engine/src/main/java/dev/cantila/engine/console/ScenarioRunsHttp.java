package dev.cantila.engine.console;

import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.ProjectScope;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/projects/{id}/scripts/scenario-runs}: run a handler source against one scenario offline (see
 * {@link ScenarioRuns}). The project's key or the operator; the source need not be uploaded, so an author can try
 * an edit before saving it as a version.
 */
public final class ScenarioRunsHttp implements HttpService {
    /** A source of {@link Limits#SCRIPT_SOURCE} characters and a scenario, as UTF-8 JSON with escapes. */
    private static final int MAX_BODY = 2 * 1024 * 1024;
    private final ScenarioRuns runs;
    private final ProjectScope scope;

    public ScenarioRunsHttp(ScenarioRuns runs, ProjectScope scope) {
        this.runs = runs;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/scripts/scenario-runs", this::run);
    }

    private void run(ServerRequest req, ServerResponse res) {
        scope.project(req);
        JsonRequest body = Json.body(req, MAX_BODY, "name", "source", "scenario");
        String name = body.optString("name", Limits.SCRIPT_NAME);
        Json.ok(res, runs.run(name == null ? "handler.js" : name, body.string("source", Limits.SCRIPT_SOURCE),
                body.string("scenario", Limits.SCENARIO)));
    }
}
