package dev.cantila.engine.sim;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.Caller;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.sms.InboundSms;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /v1/sim}: the simulated carrier's side door, for demos and tests — inject what the network would send.
 * Allowed to the operator and to the project that holds the destination number.
 */
public final class SimHttp implements HttpService {
    private final InboundSms inbound;

    public SimHttp(InboundSms inbound) {
        this.inbound = inbound;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/inbound-sms", this::inboundSms);
    }

    private void inboundSms(ServerRequest req, ServerResponse res) {
        JsonRequest b = Json.body(req, "from", "to", "body");
        String to = PhoneNumbers.toE164(b.string("to", Limits.PHONE), null, "to");
        Caller caller = AuthFilter.caller(req);
        if (!caller.isOperator()) {
            String owner = inbound.owner(to).orElseThrow(() -> new ApiException(ApiException.Kind.FORBIDDEN,
                    "forbidden", to + " is not a number of this key's project", "to"));
            caller.requireSms(owner);
        }
        Json.send(res, Status.CREATED_201, inbound.receive(b.string("from", Limits.PHONE), to,
                b.string("body", Limits.SMS_BODY)));
    }
}
