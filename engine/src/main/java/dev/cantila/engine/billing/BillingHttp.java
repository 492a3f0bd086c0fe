package dev.cantila.engine.billing;

import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.projects.Projects;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v1/projects/{id}/billing/charges}: the ledger, newest first, with totals per currency;
 * {@code …/billing/invoices[/{month}]}: monthly invoices (a month also as CSV).
 */
public final class BillingHttp implements HttpService {
    private final Billing billing;
    private final Invoices invoices;
    private final ProjectScope scope;

    public BillingHttp(Billing billing, Invoices invoices, Projects projects) {
        this.billing = billing;
        this.invoices = invoices;
        this.scope = new ProjectScope(projects::exists);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/billing/charges", this::charges)
                .get("/{id}/billing/invoices", (req, res) -> Json.ok(res, java.util.Map.of("data",
                        invoices.list(scope.project(req)))))
                .get("/{id}/billing/invoices/{month}", this::invoice);
    }

    /** JSON, or CSV with {@code ?format=csv} or {@code Accept: text/csv}. */
    private void invoice(ServerRequest req, ServerResponse res) {
        Invoices.Invoice inv = invoices.get(scope.project(req), Query.path(req, "month"));
        boolean csv = "csv".equals(Query.str(req, "format")) || req.headers().first(HeaderNames.ACCEPT)
                .map(a -> a.contains("text/csv")).orElse(false);
        if (!csv) {
            Json.ok(res, inv);
            return;
        }
        res.headers().contentType(HttpMediaType.create("text/csv; charset=UTF-8"));
        res.headers().set(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"invoice-" + inv.month() + ".csv\"");
        res.send(Invoices.csv(inv));
    }

    private void charges(ServerRequest req, ServerResponse res) {
        String id = scope.project(req);
        billing.accrue(id);
        Json.ok(res, billing.charges(id, Query.str(req, "cursor"), Page.limit(Query.integer(req, "limit"), 50, 500)));
    }
}
