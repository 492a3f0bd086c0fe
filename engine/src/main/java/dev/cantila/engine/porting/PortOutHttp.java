package dev.cantila.engine.porting;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.numbers.CatalogNumber;
import dev.cantila.engine.numbers.Numbers;
import dev.cantila.engine.numbers.NumbersHttp;
import dev.cantila.engine.phone.PhoneNumbers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/numbers/{e164}/port-out-pin {pin?}} (the holder's key: the PIN is in this answer only) and the
 * simulated other carrier: {@code POST /v1/sim/port-out {e164, pin, gainingCarrier?}} and {@code GET
 * /v1/sim/port-outs/{id}} (operator key).
 */
public final class PortOutHttp {
    private PortOutHttp() {
    }

    /** Mounted under {@code /v1/numbers}. */
    public record Pin(PortOuts portOuts, Numbers numbers) implements HttpService {
        @Override
        public void routing(HttpRules rules) {
            rules.post(NumbersHttp.NUMBER + "/port-out-pin", this::pin);
        }

        private void pin(ServerRequest req, ServerResponse res) {
            CatalogNumber n = NumbersHttp.held(req, numbers);
            String e164 = n.e164();
            // no body at all asks for a generated PIN, as {} does
            String pin = req.content().hasEntity() ? Json.body(req, "pin").optString("pin", Limits.ACCOUNT_PIN) : null;
            if (pin != null && !pin.matches("\\d{4,10}")) {
                throw ApiException.invalid("pin", "pin must be 4 to 10 digits");
            }
            Json.ok(res, portOuts.setPin(n.projectId(), e164, pin));
        }
    }

    /** Mounted under {@code /v1/sim}. */
    public record Sim(PortOuts portOuts) implements HttpService {
        @Override
        public void routing(HttpRules rules) {
            rules.post("/port-out", this::request)
                    .get("/port-outs/{poid}", (req, res) -> {
                        AuthFilter.caller(req).requireOperator();
                        Json.ok(res, portOuts.get(Query.path(req, "poid")));
                    });
        }

        private void request(ServerRequest req, ServerResponse res) {
            AuthFilter.caller(req).requireOperator();
            JsonRequest b = Json.body(req, "e164", "pin", "gainingCarrier");
            String e164 = PhoneNumbers.toE164(b.string("e164", Limits.PHONE), null, "e164");
            String carrier = b.optString("gainingCarrier", Limits.CARRIER_NAME);
            Json.created(res, portOuts.request(e164, b.optString("pin", Limits.ACCOUNT_PIN),
                    carrier == null ? "Simulated Carrier" : carrier));
        }
    }
}
