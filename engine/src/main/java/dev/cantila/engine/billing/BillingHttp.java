package dev.cantila.engine.billing;

import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.projects.Projects;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /v1/projects/{id}/billing/charges}: the ledger, newest first, with totals per currency. */
public final class BillingHttp implements HttpService {
    private final Billing billing;
    private final ProjectScope scope;

    public BillingHttp(Billing billing, Projects projects) {
        this.billing = billing;
        this.scope = new ProjectScope(projects::exists);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/billing/charges", this::charges);
    }

    private void charges(ServerRequest req, ServerResponse res) {
        String id = scope.project(req);
        billing.accrue(id);
        Json.ok(res, billing.charges(id, Query.str(req, "cursor"), Page.limit(Query.integer(req, "limit"), 50, 500)));
    }
}
