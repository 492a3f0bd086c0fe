package dev.cantila.engine.numbers;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.Caller;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.projects.Projects;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /v1/numbers}: the catalog (any key), held numbers, purchase and release. A project key acts for its own
 * project; a number held by another project is 403 to it, as everywhere.
 */
public final class NumbersHttp implements HttpService {
    /**
     * The path segment of a number: digits with an optional leading {@code +} (sent as {@code %2B}), so that a word
     * beside {@code catalog} is an unknown route, not a phone number that does not parse.
     */
    public static final String NUMBER = "/{e164:\\+?[0-9]+}";

    private final Numbers numbers;
    private final Projects projects;

    public NumbersHttp(Numbers numbers, Projects projects) {
        this.numbers = numbers;
        this.projects = projects;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/catalog", this::catalog)
                .get("/", this::list)
                .post("/", this::purchase)
                .get(NUMBER, this::get)
                .delete(NUMBER, this::release);
    }

    private void catalog(ServerRequest req, ServerResponse res) {
        var search = new Numbers.Search(Query.str(req, "country"), Query.str(req, "areaCode"), Query.str(req, "type"),
                Query.str(req, "contains"), Query.str(req, "capability"));
        Json.ok(res, numbers.catalog(search, Query.str(req, "cursor"), Page.limit(Query.integer(req, "limit"), 20, 500)));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = AuthFilter.caller(req);
        String project = Query.str(req, "projectId");
        if (!caller.isOperator()) {
            caller.requireProject(project == null ? caller.projectId() : project);
            project = caller.projectId();
        }
        Json.ok(res, numbers.held(project, Query.str(req, "cursor"), Page.limit(Query.integer(req, "limit"), 50, 500)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        CatalogNumber n = numbers.get(PhoneNumbers.fromPath(Query.path(req, "e164"), "e164"));
        if (n.projectId() != null) {
            AuthFilter.caller(req).requireProject(n.projectId());
        }
        Json.ok(res, n);
    }

    private void purchase(ServerRequest req, ServerResponse res) {
        Caller caller = AuthFilter.caller(req);
        JsonRequest b = Json.body(req, "projectId", "e164", "country", "areaCode", "type");
        String project = b.optString("projectId", Limits.ID);
        if (project == null && caller.isOperator()) {
            throw ApiException.invalid("projectId", "projectId is required with the operator key");
        }
        project = project == null ? caller.projectId() : project;
        caller.requireProject(project);
        projects.get(project);
        String e164 = b.optString("e164", Limits.PHONE);
        if (e164 != null) {
            Json.created(res, numbers.purchase(project, PhoneNumbers.toE164(e164, null, "e164")));
            return;
        }
        if (!b.has("country")) {
            throw ApiException.invalid("e164", "give e164, or country (+ type, areaCode) to buy the first match");
        }
        Json.created(res, numbers.purchaseFirst(project, new Numbers.Search(b.optString("country", Limits.WORD),
                b.optString("areaCode", Limits.WORD), b.optString("type", Limits.WORD) == null ? "local"
                : b.optString("type", Limits.WORD), null, null)));
    }

    private void release(ServerRequest req, ServerResponse res) {
        CatalogNumber n = held(req, numbers);
        numbers.release(n.projectId(), n.e164());
        res.status(204).send();
    }

    /**
     * The held number of the path's {@code {e164}}, once the caller is found to act for its holder: 404 when nobody
     * holds it, 403 for another project's key.
     */
    public static CatalogNumber held(ServerRequest req, Numbers numbers) {
        String e164 = PhoneNumbers.fromPath(Query.path(req, "e164"), "e164");
        CatalogNumber n = numbers.get(e164);
        if (n.projectId() == null) {
            throw ApiException.notFound("held number", e164);
        }
        AuthFilter.caller(req).requireProject(n.projectId());
        return n;
    }
}
