package dev.cantila.engine.a2p;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.Caller;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.phone.PhoneNumbers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/**
 * {@code /v1/a2p}: brands (with vettings), campaigns (with their numbers) and toll-free verifications. A project's
 * key acts on its own project's registrations (another project's id is a 404); an SMS key may not register. The
 * operator sees every project's and registers for one named by {@code ?projectId=}.
 */
final class A2pHttp implements HttpService {
    private final A2p a2p;

    A2pHttp(A2p a2p) {
        this.a2p = a2p;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/brands", this::createBrand)
                .get("/brands", this::listBrands)
                .get("/brands/{bid}", this::getBrand)
                .patch("/brands/{bid}", this::patchBrand)
                .delete("/brands/{bid}", this::deleteBrand)
                .post("/brands/{bid}/vettings", this::vet)
                .get("/brands/{bid}/vettings", this::vettings)
                .post("/campaigns", this::createCampaign)
                .get("/campaigns", this::listCampaigns)
                .get("/campaigns/{cid}", this::getCampaign)
                .patch("/campaigns/{cid}", this::patchCampaign)
                .delete("/campaigns/{cid}", this::deleteCampaign)
                .post("/campaigns/{cid}/resubmit", this::resubmit)
                .post("/campaigns/{cid}/numbers", this::addNumber)
                .get("/campaigns/{cid}/numbers", this::numbers)
                .delete("/campaigns/{cid}/numbers/{e164}", this::removeNumber)
                .post("/tollfree-verifications", this::createTollFree)
                .get("/tollfree-verifications", this::listTollFree)
                .get("/tollfree-verifications/{tid}", this::getTollFree)
                .delete("/tollfree-verifications/{tid}", this::deleteTollFree);
    }

    private void createBrand(ServerRequest req, ServerResponse res) {
        String project = owner(req);
        JsonRequest body = Json.body(req, BrandInput.FIELDS);
        Json.created(res, a2p.brands().create(project, BrandInput.parse(body, null, a2p.targets())));
    }

    private void listBrands(ServerRequest req, ServerResponse res) {
        Json.ok(res, a2p.brands().list(reader(req), Query.str(req, "cursor"), limit(req)));
    }

    private void getBrand(ServerRequest req, ServerResponse res) {
        Json.ok(res, a2p.brands().get(reader(req), Query.path(req, "bid")));
    }

    private void patchBrand(ServerRequest req, ServerResponse res) {
        String project = reader(req);
        JsonRequest body = Json.body(req, BrandInput.FIELDS);
        Json.ok(res, a2p.brands().patch(project, Query.path(req, "bid"),
                base -> BrandInput.parse(body, base, a2p.targets())));
    }

    private void deleteBrand(ServerRequest req, ServerResponse res) {
        Json.ok(res, a2p.brands().delete(reader(req), Query.path(req, "bid")));
    }

    private void vet(ServerRequest req, ServerResponse res) {
        String project = reader(req);
        JsonRequest body = Json.body(req, "provider");
        String provider = Fields.oneOf(body, "provider", Vettings.PROVIDERS, true);
        Json.created(res, a2p.vettings().create(a2p.brands().get(project, Query.path(req, "bid")), provider));
    }

    private void vettings(ServerRequest req, ServerResponse res) {
        Brand b = a2p.brands().get(reader(req), Query.path(req, "bid"));
        Json.ok(res, Map.of("data", a2p.vettings().list(b.id())));
    }

    private void createCampaign(ServerRequest req, ServerResponse res) {
        String project = owner(req);
        JsonRequest body = Json.body(req, CampaignInput.FIELDS);
        Json.created(res, a2p.campaigns().create(project, CampaignInput.parse(body, null)));
    }

    private void listCampaigns(ServerRequest req, ServerResponse res) {
        String brandId = Query.str(req, "brandId");
        if (brandId != null && brandId.length() > Limits.ID) {
            throw ApiException.invalid("brandId", "brandId is longer than " + Limits.ID + " characters");
        }
        Json.ok(res, a2p.campaigns().list(reader(req), brandId, Query.str(req, "cursor"), limit(req)));
    }

    private void getCampaign(ServerRequest req, ServerResponse res) {
        Json.ok(res, a2p.campaigns().get(reader(req), Query.path(req, "cid")));
    }

    private void patchCampaign(ServerRequest req, ServerResponse res) {
        String project = reader(req);
        JsonRequest body = Json.body(req, CampaignInput.FIELDS);
        Json.ok(res, a2p.campaigns().patch(project, Query.path(req, "cid"), base -> CampaignInput.parse(body, base)));
    }

    private void deleteCampaign(ServerRequest req, ServerResponse res) {
        a2p.campaigns().delete(reader(req), Query.path(req, "cid"));
        res.status(204).send();
    }

    private void resubmit(ServerRequest req, ServerResponse res) {
        Json.ok(res, a2p.campaigns().resubmit(reader(req), Query.path(req, "cid")));
    }

    private void addNumber(ServerRequest req, ServerResponse res) {
        String project = reader(req);
        JsonRequest body = Json.body(req, "e164");
        String e164 = PhoneNumbers.toE164(body.string("e164", Limits.PHONE), "US", "e164");
        Json.created(res, a2p.numbers().add(project, Query.path(req, "cid"), e164));
    }

    private void numbers(ServerRequest req, ServerResponse res) {
        Json.ok(res, Map.of("data", a2p.numbers().list(reader(req), Query.path(req, "cid"))));
    }

    private void removeNumber(ServerRequest req, ServerResponse res) {
        a2p.numbers().remove(reader(req), Query.path(req, "cid"), PhoneNumbers.fromPath(Query.path(req, "e164"),
                "e164"));
        res.status(204).send();
    }

    private void createTollFree(ServerRequest req, ServerResponse res) {
        String project = owner(req);
        JsonRequest body = Json.body(req, TollFreeReview.FIELDS);
        String e164 = PhoneNumbers.toE164(body.string("e164", Limits.PHONE), "US", "e164");
        Json.created(res, a2p.tollFree().create(project, TollFreeReview.parse(body, e164, a2p.targets())));
    }

    private void listTollFree(ServerRequest req, ServerResponse res) {
        Json.ok(res, a2p.tollFree().list(reader(req), Query.str(req, "cursor"), limit(req)));
    }

    private void getTollFree(ServerRequest req, ServerResponse res) {
        Json.ok(res, a2p.tollFree().get(reader(req), Query.path(req, "tid")));
    }

    private void deleteTollFree(ServerRequest req, ServerResponse res) {
        a2p.tollFree().delete(reader(req), Query.path(req, "tid"));
        res.status(204).send();
    }

    private static int limit(ServerRequest req) {
        return Page.limit(Query.integer(req, "limit"), 50, 200);
    }

    /** The project a new registration belongs to: the key's own, or the operator's {@code ?projectId=}. */
    private String owner(ServerRequest req) {
        String project = reader(req);
        if (project == null) {
            throw ApiException.invalid("projectId", "the operator registers for a project: add ?projectId=proj_...");
        }
        return project;
    }

    /** The project whose registrations the caller sees: its own, or for the operator every one (or ?projectId=). */
    private String reader(ServerRequest req) {
        Caller caller = AuthFilter.caller(req);
        if (caller.role() == Caller.Role.SMS) {
            throw new ApiException(ApiException.Kind.FORBIDDEN, "forbidden",
                    "an SMS key may only use its project's /sms routes", null);
        }
        if (!caller.isOperator()) {
            return caller.projectId();
        }
        String project = Query.str(req, "projectId");
        if (project != null && (project.length() > Limits.ID || !a2p.projectExists(project))) {
            throw new ApiException(ApiException.Kind.NOT_FOUND, "not_found", "project " + project + " does not exist",
                    "projectId");
        }
        return project;
    }
}
