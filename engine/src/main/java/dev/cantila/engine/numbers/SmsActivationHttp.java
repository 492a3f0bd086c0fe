package dev.cantila.engine.numbers;

import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.phone.PhoneNumbers;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/**
 * {@code /v1/projects/{id}/sms/activate|deactivate|number}. Activation needs the project (or operator) key: the
 * SMS key it creates may not re-activate or deactivate.
 */
public final class SmsActivationHttp implements HttpService {
    private final SmsActivation activation;

    public SmsActivationHttp(SmsActivation activation) {
        this.activation = activation;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/sms/activate", this::activate)
                .post("/{id}/sms/deactivate", this::deactivate)
                .get("/{id}/sms/number", this::get);
    }

    private void activate(ServerRequest req, ServerResponse res) {
        String id = Query.path(req, "id");
        AuthFilter.caller(req).requireProject(id);
        JsonRequest b = Json.body(req, "e164", "country", "numberType");
        String e164 = b.optString("e164", Limits.PHONE);
        var a = activation.activate(id, b.optString("country", Limits.WORD), b.optString("numberType", Limits.WORD),
                e164 == null ? null : PhoneNumbers.toE164(e164, null, "e164"));
        Json.send(res, a.created() ? Status.CREATED_201 : Status.OK_200, a);
    }

    private void deactivate(ServerRequest req, ServerResponse res) {
        String id = Query.path(req, "id");
        AuthFilter.caller(req).requireProject(id);
        activation.deactivate(id);
        Json.ok(res, Map.of("projectId", id, "status", "deactivated"));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = Query.path(req, "id");
        AuthFilter.caller(req).requireSms(id);
        Json.ok(res, activation.get(id));
    }
}
