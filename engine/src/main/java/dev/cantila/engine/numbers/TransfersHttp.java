package dev.cantila.engine.numbers;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.Caller;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.projects.Projects;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Transfers and reclaim: {@code POST /v1/numbers/{e164}/transfers} (the holder's key), {@code POST
 * /v1/numbers/{e164}/reclaim} (the releasing project's key, while the number ages), {@code GET|POST
 * /v1/transfers/{id}[/accept|reject|cancel]} (accept and reject: the receiving project's key; cancel: the offering
 * project's), and {@code GET /v1/projects/{id}/transfers}. A transfer is visible to its two projects only.
 */
public final class TransfersHttp {
    private TransfersHttp() {
    }

    /** Mounted under {@code /v1/numbers}. */
    public record ByNumber(Transfers transfers, Numbers numbers, Projects projects) implements HttpService {
        @Override
        public void routing(HttpRules rules) {
            rules.post(NumbersHttp.NUMBER + "/transfers", this::offer)
                    .post(NumbersHttp.NUMBER + "/reclaim", this::reclaim);
        }

        private void offer(ServerRequest req, ServerResponse res) {
            CatalogNumber n = NumbersHttp.held(req, numbers);
            String e164 = n.e164();
            JsonRequest b = Json.body(req, "toProjectId");
            String to = b.string("toProjectId", Limits.ID);
            if (!projects.exists(to)) {
                throw new ApiException(ApiException.Kind.NOT_FOUND, "not_found", "project " + to + " does not exist",
                        "toProjectId");
            }
            Json.created(res, transfers.offer(n.projectId(), e164, to));
        }

        private void reclaim(ServerRequest req, ServerResponse res) {
            String e164 = PhoneNumbers.fromPath(Query.path(req, "e164"), "e164");
            CatalogNumber n = numbers.get(e164);
            // the number's owner: its holder, or while it ages the project that released it
            String owner = n.projectId() != null ? n.projectId() : "aging".equals(n.status())
                    ? numbers.releasedBy(e164) : null;
            if (owner == null) {
                throw ApiException.notFound("aging number", e164);
            }
            AuthFilter.caller(req).requireProject(owner);
            if (n.projectId() != null) {
                throw ApiException.conflict("number_not_aging", e164 + " is held by " + owner + "; only a released"
                        + " number can be reclaimed while it ages");
            }
            Json.ok(res, numbers.reclaim(owner, e164));
        }
    }

    /** Mounted under {@code /v1/transfers}. */
    public record ById(Transfers transfers) implements HttpService {
        @Override
        public void routing(HttpRules rules) {
            rules.get("/{tid}", this::get)
                    .post("/{tid}/accept", (req, res) -> decide(req, res, true, "accept"))
                    .post("/{tid}/reject", (req, res) -> decide(req, res, true, "reject"))
                    .post("/{tid}/cancel", (req, res) -> decide(req, res, false, "cancel"));
        }

        private void get(ServerRequest req, ServerResponse res) {
            Json.ok(res, visible(req));
        }

        private void decide(ServerRequest req, ServerResponse res, boolean receiver, String what) {
            Transfers.Transfer t = visible(req);
            Caller caller = AuthFilter.caller(req);
            String party = receiver ? t.toProjectId() : t.fromProjectId();
            if (!caller.isOperator() && !caller.projectId().equals(party)) {
                throw new ApiException(ApiException.Kind.FORBIDDEN, "forbidden", "only the " + (receiver
                        ? "receiving" : "offering") + " project (" + party + ") may " + what + " transfer " + t.id(),
                        null);
            }
            Json.ok(res, switch (what) {
                case "accept" -> transfers.accept(t.id());
                case "reject" -> transfers.reject(t.id());
                default -> transfers.cancel(t.id());
            });
        }

        /** The transfer, if the caller is one of its two projects (or the operator); 404 otherwise. */
        private Transfers.Transfer visible(ServerRequest req) {
            String id = Query.path(req, "tid");
            Transfers.Transfer t = transfers.get(id);
            Caller caller = AuthFilter.caller(req);
            if (!caller.isOperator() && !caller.projectId().equals(t.fromProjectId())
                    && !caller.projectId().equals(t.toProjectId())) {
                throw ApiException.notFound("transfer", id);
            }
            return t;
        }
    }

    /** Mounted under {@code /v1/projects}. */
    public record ByProject(Transfers transfers, ProjectScope scope) implements HttpService {
        @Override
        public void routing(HttpRules rules) {
            rules.get("/{id}/transfers", (req, res) -> Json.ok(res, transfers.list(scope.project(req),
                    Query.str(req, "cursor"), Page.limit(Query.integer(req, "limit"), 50, 500))));
        }
    }
}
