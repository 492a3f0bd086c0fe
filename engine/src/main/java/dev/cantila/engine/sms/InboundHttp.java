package dev.cantila.engine.sms;

import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.http.ProjectScope;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Inbound SMS and threads under {@code /v1/projects/{id}/sms}. */
public final class InboundHttp implements HttpService {
    private final InboundSms inbound;
    private final ProjectScope scope;

    InboundHttp(InboundSms inbound, ProjectScope scope) {
        this.inbound = inbound;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/sms/inbound", this::inbound)
                .get("/{id}/sms/threads", this::threads)
                .get("/{id}/sms/threads/{remote}", this::thread);
    }

    private String project(ServerRequest req) {
        return scope.sms(req);
    }

    private void inbound(ServerRequest req, ServerResponse res) {
        Json.okTagged(req, res, inbound.inbound(project(req), Query.str(req, "cursor"), limit(req)));
    }

    private void threads(ServerRequest req, ServerResponse res) {
        Json.okTagged(req, res, inbound.threads(project(req), Query.str(req, "cursor"), limit(req)));
    }

    private void thread(ServerRequest req, ServerResponse res) {
        Json.okTagged(req, res, inbound.thread(project(req), Query.path(req, "remote"), Query.str(req, "local"),
                Query.str(req, "cursor"), limit(req)));
    }

    private static int limit(ServerRequest req) {
        return Page.limit(Query.integer(req, "limit"), 50, 1000);
    }
}
