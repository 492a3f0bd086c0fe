package dev.cantila.engine.http;

import dev.cantila.engine.core.ApiException;
import io.helidon.webserver.http.ServerRequest;

import java.util.function.Predicate;

/**
 * The project a {@code /v1/projects/{id}/…} request is about, after the tenancy check every such route makes:
 * {@link #project} for a project's own routes, {@link #sms} for its {@code /sms} routes (which its SMS key may
 * also use). Existence is checked only for the operator: a project or SMS key names its project by construction,
 * so that costs no query on the hot paths, and another project's id is a 403 without revealing whether it exists.
 */
public final class ProjectScope {
    private final Predicate<String> exists;

    public ProjectScope(Predicate<String> exists) {
        this.exists = exists;
    }

    public String project(ServerRequest req) {
        String id = Query.path(req, "id");
        Caller caller = AuthFilter.caller(req);
        caller.requireProject(id);
        return known(caller, id);
    }

    public String sms(ServerRequest req) {
        String id = Query.path(req, "id");
        Caller caller = AuthFilter.caller(req);
        caller.requireSms(id);
        return known(caller, id);
    }

    private String known(Caller caller, String id) {
        if (caller.isOperator() && !exists.test(id)) {
            throw ApiException.notFound("project", id);
        }
        return id;
    }
}
