package dev.cantila.engine.scripts;

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

import java.util.List;

/**
 * {@code PUT/GET /v1/numbers/{e164}/routing}: {@code {sms: {script, path?} | {url, format?, method?} | {forward} | null,
 * voice: {script} | {url, format?, method?} | {forward} | {voicemail: true} | null}}; {@code format} is
 * {@code cantila} (default) or {@code twilio}, {@code method} (twilio only) POST (default) or GET. Only the holder of the number (or the operator) may route it.
 */
public final class RoutingHttp implements HttpService {
    private final Routing routing;
    private final Numbers numbers;
    private final Executions executions;

    RoutingHttp(Routing routing, Numbers numbers, Executions executions) {
        this.routing = routing;
        this.numbers = numbers;
        this.executions = executions;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.put(NumbersHttp.NUMBER + "/routing", this::put)
                .get(NumbersHttp.NUMBER + "/routing", this::get)
                .get(NumbersHttp.NUMBER + "/executions", this::executions);
    }

    private CatalogNumber held(ServerRequest req) {
        String e164 = PhoneNumbers.fromPath(Query.path(req, "e164"), "e164");
        CatalogNumber n = numbers.get(e164);
        if (n.projectId() == null) {
            throw ApiException.notFound("held number", e164);
        }
        AuthFilter.caller(req).requireProject(n.projectId());
        return n;
    }

    private void put(ServerRequest req, ServerResponse res) {
        CatalogNumber n = held(req);
        JsonRequest b = Json.body(req, "sms", "voice");
        Json.ok(res, routing.put(n.projectId(), n.e164(), route(b, "sms"), route(b, "voice")));
    }

    /** The number's execution log: every script, URL and forward run for its traffic, newest first. */
    private void executions(ServerRequest req, ServerResponse res) {
        CatalogNumber n = held(req);
        Json.ok(res, executions.forNumber(n.projectId(), n.e164(), Query.str(req, "cursor"),
                dev.cantila.engine.core.Page.limit(Query.integer(req, "limit"), 50, 500)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        CatalogNumber n = held(req);
        Json.ok(res, routing.get(n.e164()).orElse(new Routing.NumberRouting(n.e164(), n.projectId(), null, null, null)));
    }

    /** {@code {"script": "scr_…"}}, {@code {"url": "…"}}, {@code {"forward": "+1…"}}, {@code {"voicemail": true}}. */
    private static Routing.Route route(JsonRequest body, String field) {
        JsonRequest r = body.optObject(field);
        if (r == null) {
            return null;
        }
        r.only(field.equals("voice") ? new String[] {"script", "path", "url", "forward", "voicemail", "format", "method"}
                : new String[] {"script", "path", "url", "forward", "format", "method"});
        if (r.has("path") && !r.has("script")) {
            throw ApiException.invalid(field + ".path", "path belongs to a script route (a Functions project's function)");
        }
        if (r.has("script")) {
            String path = r.optString("path", Limits.FUNCTION_PATH);
            if (path != null && !path.matches("/[A-Za-z0-9_./-]*")) {
                throw ApiException.invalid(field + ".path", field + ".path is a function's path such as /sms, got '"
                        + path + "'");
            }
            return new Routing.Route("script", r.string("script", Limits.URL), null, null, path);
        }
        if (r.has("url") && !r.has("script")) {
            String method = r.optString("method", Limits.WORD);
            return new Routing.Route("url", r.string("url", Limits.URL), r.optString("format", Limits.WORD),
                    method == null ? null : method.toUpperCase(java.util.Locale.ROOT));
        }
        if ((r.has("format") || r.has("method")) && !r.has("url")) {
            throw ApiException.invalid(field + (r.has("format") ? ".format" : ".method"),
                    "format and method belong to a url route");
        }
        for (String kind : List.of("script", "forward")) {
            if (r.has(kind)) {
                return new Routing.Route(kind, r.string(kind, Limits.URL));
            }
        }
        if (Boolean.TRUE.equals(r.optBool("voicemail"))) {
            return new Routing.Route("voicemail", null);
        }
        throw ApiException.invalid(field, field + " must be {script}, {url} or {forward}"
                + (field.equals("voice") ? " or {voicemail: true}" : "") + ", or null for none");
    }
}
