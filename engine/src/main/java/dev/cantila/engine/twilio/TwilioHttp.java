package dev.cantila.engine.twilio;

import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.ProjectScope;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /v1/projects/{id}/twilio}: the project's AccountSid and the last four characters of its auth token;
 * {@code POST …/twilio/auth-token} issues a new token and shows it this once. Project key or operator.
 */
public final class TwilioHttp implements HttpService {
    private final TwilioAccounts accounts;
    private final ProjectScope scope;

    public TwilioHttp(TwilioAccounts accounts, ProjectScope scope) {
        this.accounts = accounts;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/twilio", this::show)
                .post("/{id}/twilio/auth-token", this::rotate);
    }

    private void show(ServerRequest req, ServerResponse res) {
        Json.ok(res, accounts.show(scope.project(req)));
    }

    private void rotate(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        if (req.content().hasEntity()) {
            Json.body(req);
        }
        Json.created(res, accounts.rotate(project));
    }
}
