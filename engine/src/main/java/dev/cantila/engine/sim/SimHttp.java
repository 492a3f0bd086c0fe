package dev.cantila.engine.sim;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.Caller;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.sms.InboundSms;
import dev.cantila.engine.telephony.SimulatedCarrier;
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
    private final SimulatedCarrier carrier;

    /** @param carrier the simulated carrier, or null when messages go through FreeSWITCH (no handsets to read) */
    public SimHttp(InboundSms inbound, SimulatedCarrier carrier) {
        this.inbound = inbound;
        this.carrier = carrier;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/inbound-sms", this::inboundSms)
                .get("/handsets/{e164}/messages", this::handset);
    }

    /**
     * What a simulated phone received: {@code {"data": [{messageId, carrierId, from, body, …}]}}, as its screen
     * shows it (a one-time code in clear, though the stored message is redacted). The operator sees every message;
     * a project's key (or SMS key) sees the messages its project sent to that phone.
     */
    private void handset(ServerRequest req, ServerResponse res) {
        Caller caller = AuthFilter.caller(req);
        if (carrier == null) {
            throw new ApiException(ApiException.Kind.NOT_FOUND, "not_simulated",
                    "messages go through FreeSWITCH: there are no simulated handsets", null);
        }
        String raw = req.path().pathParameters().get("e164");
        String e164 = PhoneNumbers.toE164(raw.startsWith("+") ? raw : "+" + raw, null, "e164"); // + is optional in a path
        Json.send(res, Status.OK_200, java.util.Map.of("data",
                carrier.handset(e164, caller.isOperator() ? null : caller.projectId())));
    }

    private void inboundSms(ServerRequest req, ServerResponse res) {
        JsonRequest b = Json.body(req, "from", "to", "body");
        String to = PhoneNumbers.toE164(b.string("to", Limits.PHONE), null, "to");
        Caller caller = AuthFilter.caller(req);
        String owner = null; // the operator may deliver to any number: receive asks who holds it
        if (!caller.isOperator()) {
            owner = inbound.owner(to).orElseThrow(() -> new ApiException(ApiException.Kind.FORBIDDEN,
                    "forbidden", to + " is not a number of this key's project", "to"));
            caller.requireSms(owner);
        }
        String from = b.string("from", Limits.PHONE);
        String body = b.string("body", Limits.SMS_BODY);
        Json.send(res, Status.CREATED_201, owner == null ? inbound.receive(from, to, body)
                : inbound.receive(owner, from, to, body));
    }
}
