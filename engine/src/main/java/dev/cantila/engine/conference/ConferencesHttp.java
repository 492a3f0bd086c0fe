package dev.cantila.engine.conference;

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
 * {@code /v1/projects/{id}/voice/conferences}: conferences live and past (newest first), one by name (the live one,
 * else the latest) with its participants, the participants' controls (mute/unmute and kick), and a participant
 * added by dialling out.
 */
final class ConferencesHttp implements HttpService {
    private final Conferences conferences;
    private final ProjectScope scope;

    ConferencesHttp(Conferences conferences, ProjectScope scope) {
        this.conferences = conferences;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/voice/conferences", this::list)
                .get("/{id}/voice/conferences/{name}", this::get)
                .get("/{id}/voice/conferences/{name}/participants", this::participants)
                .post("/{id}/voice/conferences/{name}/participants", this::dialIn)
                .post("/{id}/voice/conferences/{name}/participants/{cid}", this::update)
                .delete("/{id}/voice/conferences/{name}/participants/{cid}", this::kick);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.ok(res, conferences.list(scope.project(req), Query.str(req, "status"), Query.str(req, "name"),
                Query.str(req, "cursor"), Page.limit(Query.integer(req, "limit"), 50, 1000)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Json.ok(res, conferences.get(scope.project(req), Query.path(req, "name")));
    }

    private void participants(ServerRequest req, ServerResponse res) {
        Json.ok(res, Map.of("data", conferences.participants(scope.project(req), Query.path(req, "name"))));
    }

    private void dialIn(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        JsonRequest b = Json.body(req, "to", "from", "startOnEnter", "endOnExit", "muted", "beep", "timeout");
        DialIn d = new DialIn(b.string("to", Limits.PHONE), b.string("from", Limits.PHONE),
                or(b.optBool("startOnEnter"), true), or(b.optBool("endOnExit"), false), or(b.optBool("muted"), false),
                or(b.optBool("beep"), true), b.optInt("timeout") == null ? 30 : b.optInt("timeout"));
        Json.created(res, conferences.dialIn(project, Query.path(req, "name"), d));
    }

    private static boolean or(Boolean value, boolean dflt) {
        return value == null ? dflt : value;
    }

    private void update(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        JsonRequest b = Json.body(req, "muted");
        Boolean muted = b.optBool("muted");
        if (muted == null) {
            throw ApiException.invalid("muted", "muted (true or false) is required");
        }
        Json.ok(res, conferences.mute(project, Query.path(req, "name"), Query.path(req, "cid"), muted));
    }

    private void kick(ServerRequest req, ServerResponse res) {
        Json.ok(res, conferences.kick(scope.project(req), Query.path(req, "name"), Query.path(req, "cid")));
    }
}
