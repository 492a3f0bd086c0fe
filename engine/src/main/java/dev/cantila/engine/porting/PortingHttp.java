package dev.cantila.engine.porting;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.http.Query;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.net.InetSocketAddress;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/projects/{id}/port-ins}: create, list, read, sign (the e-LOA), resubmit after {@code action_required},
 * cancel. A project key acts on its own project's requests only; another project's request is 404.
 */
public final class PortingHttp implements HttpService {
    private static final String ONE = "/{id}/port-ins/{portInId}";

    private final PortIns portIns;
    private final ProjectScope scope;

    public PortingHttp(PortIns portIns, ProjectScope scope) {
        this.portIns = portIns;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/port-ins", this::create)
                .get("/{id}/port-ins", this::list)
                .get(ONE, this::get)
                .post(ONE + "/sign", this::sign)
                .post(ONE + "/resubmit", this::resubmit)
                .post(ONE + "/cancel", this::cancel);
    }

    private void create(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        JsonRequest b = Json.body(req, "numbers", "losingCarrier", "targetDate", "documents", "notificationEmails");
        List<String> numbers = b.optStringList("numbers", Portability.MAX_NUMBERS, Limits.PHONE);
        if (numbers == null) {
            throw ApiException.invalid("numbers", "numbers is required");
        }
        JsonRequest carrier = b.optObject("losingCarrier");
        if (carrier == null) {
            throw ApiException.invalid("losingCarrier", "losingCarrier is required");
        }
        PortIns.Draft d = draft(b, carrier.only("name", "accountNumber", "pin", "authorizedName", "serviceAddress"),
                numbers, true);
        Json.created(res, portIns.create(project, d));
    }

    private void resubmit(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        JsonRequest b = Json.body(req, "losingCarrier", "targetDate", "documents");
        JsonRequest carrier = b.optObject("losingCarrier");
        PortIns.Draft d = draft(b, carrier == null ? null
                : carrier.only("name", "accountNumber", "pin", "authorizedName", "serviceAddress"), null, false);
        Json.ok(res, portIns.resubmit(project, Query.path(req, "portInId"), d));
    }

    private static PortIns.Draft draft(JsonRequest b, JsonRequest carrier, List<String> numbers, boolean required) {
        String pin = carrier == null ? null : carrier.optString("pin", Limits.ACCOUNT_PIN);
        if (pin != null && !pin.matches("[0-9A-Za-z]{4," + Limits.ACCOUNT_PIN + "}")) {
            throw ApiException.invalid("losingCarrier.pin", "losingCarrier.pin must be 4-16 letters or digits");
        }
        List<String> docs = b.optStringList("documents", Limits.PORT_DOCUMENTS, Limits.ID);
        List<String> emails = b.has("notificationEmails")
                ? b.optStringList("notificationEmails", Limits.EMAILS, Limits.EMAIL) : null;
        if (emails != null) {
            for (int i = 0; i < emails.size(); i++) {
                if (!emails.get(i).matches("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+")) {
                    throw ApiException.invalid("notificationEmails[" + i + "]", "not an e-mail address: " + emails.get(i));
                }
            }
        }
        return new PortIns.Draft(numbers, text(carrier, "name", Limits.CARRIER_NAME, required),
                text(carrier, "accountNumber", Limits.ACCOUNT_NUMBER, required), pin,
                text(carrier, "authorizedName", Limits.PERSON_NAME, required),
                text(carrier, "serviceAddress", Limits.ADDRESS, required), date(b.optString("targetDate", Limits.WORD)),
                docs == null && required ? List.of() : docs, emails);
    }

    private static String text(JsonRequest carrier, String field, int max, boolean required) {
        if (carrier == null) {
            return null;
        }
        String v = required ? carrier.string(field, max) : carrier.optString(field, max);
        if (v != null && v.isBlank()) {
            throw ApiException.invalid(carrier.name(field), carrier.name(field) + " must not be blank");
        }
        return v == null ? null : v.strip();
    }

    private static LocalDate date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("targetDate", "targetDate must be a date like 2026-03-02, got " + text);
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.ok(res, portIns.list(scope.project(req), Query.str(req, "cursor"),
                Page.limit(Query.integer(req, "limit"), 20, 100)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Json.ok(res, portIns.get(scope.project(req), Query.path(req, "portInId")));
    }

    private void sign(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        JsonRequest b = Json.body(req, "signerName", "title");
        String signer = b.string("signerName", Limits.PERSON_NAME).strip();
        if (signer.isBlank()) {
            throw ApiException.invalid("signerName", "signerName must not be blank");
        }
        String title = b.optString("title", Limits.TITLE);
        Json.ok(res, portIns.sign(project, Query.path(req, "portInId"), signer, title, clientAddress(req)));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        Json.ok(res, portIns.cancel(scope.project(req), Query.path(req, "portInId")));
    }

    /** The address the request came from (the e-LOA's record of where it was signed). */
    private static String clientAddress(ServerRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : String.valueOf(req.remotePeer().host());
    }

    /** {@code POST /v1/numbers/portability}: a verdict per number. */
    public static final class Check implements HttpService {
        private final Portability portability;

        public Check(Portability portability) {
            this.portability = portability;
        }

        @Override
        public void routing(HttpRules rules) {
            rules.post("/portability", this::check);
        }

        private void check(ServerRequest req, ServerResponse res) {
            JsonRequest b = Json.body(req, "numbers");
            List<String> numbers = b.optStringList("numbers", Portability.MAX_NUMBERS, Limits.PHONE);
            if (numbers == null || numbers.isEmpty()) {
                throw ApiException.invalid("numbers", "numbers must list 1 to " + Portability.MAX_NUMBERS + " numbers");
            }
            Json.ok(res, Map.of("data", portability.check(numbers)));
        }
    }
}
