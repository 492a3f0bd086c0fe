package dev.cantila.engine.a2p;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Query;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code /v1/sim/a2p}: what the simulated registry does on its own, outside any review, for demos and tests
 * (operator key only): suspend an APPROVED brand ({@code {reason}}, a code of {@link BrandReview#SUSPENSIONS}) and
 * reinstate a SUSPENDED one. An illegal move is a 409 {@code illegal_transition}.
 */
final class A2pSimHttp implements HttpService {
    private final Brands brands;

    A2pSimHttp(Brands brands) {
        this.brands = brands;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/a2p/brands/{bid}/suspend", this::suspend)
                .post("/a2p/brands/{bid}/reinstate", this::reinstate);
    }

    private void suspend(ServerRequest req, ServerResponse res) {
        AuthFilter.caller(req).requireOperator();
        JsonRequest body = Json.body(req, "reason");
        String reason = body.string("reason", 64).strip().toLowerCase(Locale.ROOT);
        if (!BrandReview.SUSPENSIONS.containsKey(reason)) {
            throw ApiException.invalid("reason", "reason must be one of "
                    + String.join(", ", new TreeSet<>(BrandReview.SUSPENSIONS.keySet())) + ", got '" + reason + "'");
        }
        Json.ok(res, brands.suspend(Query.path(req, "bid"), reason));
    }

    private void reinstate(ServerRequest req, ServerResponse res) {
        AuthFilter.caller(req).requireOperator();
        Json.ok(res, brands.reinstate(Query.path(req, "bid")));
    }
}
