package dev.cantila.engine.otp;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.http.Query;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.util.Map;

/** One-time code routes under {@code /v1/projects/{id}/sms/otp}. */
public final class OtpHttp implements HttpService {
    private final Otp otp;
    private final ProjectScope scope;

    OtpHttp(Otp otp, ProjectScope scope) {
        this.otp = otp;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/sms/otp/request", this::request)
                .post("/{id}/sms/otp/verify", this::verify)
                .get("/{id}/sms/otp/stats", this::stats)
                .get("/{id}/sms/otp/policy", this::policy)
                .put("/{id}/sms/otp/policy", this::setPolicy)
                .delete("/{id}/sms/otp/blocked/{prefix}", this::unblock)
                .get("/{id}/sms/otp", this::list)
                .get("/{id}/sms/otp/{oid}", this::get)
                .post("/{id}/sms/otp/{oid}/cancel", this::cancel);
    }

    private void request(ServerRequest req, ServerResponse res) {
        String project = scope.sms(req);
        JsonRequest b = Json.body(req, "to", "channel", "codeLength", "ttlSeconds", "locale", "appName", "template",
                "appHash", "webOtpDomain", "clientIp");
        Otp.Result result = otp.request(project, new Otp.Request(b.optString("to", Limits.PHONE),
                        b.optString("channel", Limits.WORD), b.optInt("codeLength"), b.optInt("ttlSeconds"),
                        b.optString("locale", Limits.LOCALE), b.optString("appName", Limits.OTP_APP_NAME),
                        b.optString("template", Limits.OTP_TEMPLATE), b.optString("appHash", Limits.OTP_APP_HASH),
                        b.optString("webOtpDomain", Limits.OTP_DOMAIN), b.optString("clientIp", Limits.IP)),
                req.headers().first(HeaderNames.create("Idempotency-Key")).orElse(null));
        if (result.replayed()) {
            res.header(HeaderNames.create("Idempotent-Replayed"), "true");
        }
        Json.send(res, result.replayed() ? Status.OK_200 : Status.CREATED_201, result.verification());
    }

    private void verify(ServerRequest req, ServerResponse res) {
        String project = scope.sms(req);
        JsonRequest b = Json.body(req, "to", "id", "code");
        Json.ok(res, otp.verify(project, b.optString("id", Limits.ID), b.optString("to", Limits.PHONE),
                b.string("code", Limits.WORD)));
    }

    private void stats(ServerRequest req, ServerResponse res) {
        String project = scope.sms(req);
        Integer hours = Query.integer(req, "hours");
        if (hours != null && (hours < 1 || hours > 24 * 31)) {
            throw ApiException.invalid("hours", "hours must be 1-744, got " + hours);
        }
        Json.ok(res, otp.stats(project, Duration.ofHours(hours == null ? 24 : hours)));
    }

    private void policy(ServerRequest req, ServerResponse res) {
        Json.ok(res, otp.policy(scope.project(req)));
    }

    private void setPolicy(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        JsonRequest b = Json.body(req, "allowedCountries", "perDestination", "perClientIp", "perMinute", "perDay",
                "perCountry", "fallbackSeconds");
        Json.ok(res, otp.setPolicy(project, new OtpLimits.PolicyChange(
                b.optStringList("allowedCountries", 250, Limits.COUNTRY), b.optInt("perDestination"),
                b.optInt("perClientIp"), b.optInt("perMinute"), b.optInt("perDay"), b.optInt("perCountry"),
                b.optInt("fallbackSeconds"))));
    }

    private void unblock(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        String prefix = Query.path(req, "prefix");
        if (!prefix.matches("\\+?\\d{1,15}")) {
            throw ApiException.invalid("prefix", "prefix is digits, as GET …/sms/otp/stats lists it");
        }
        otp.unblock(project, prefix.startsWith("+") ? prefix : "+" + prefix);
        Json.ok(res, Map.of("prefix", prefix.startsWith("+") ? prefix : "+" + prefix, "blocked", false));
    }

    private void list(ServerRequest req, ServerResponse res) {
        String project = scope.sms(req);
        String channel = Query.str(req, "channel");
        if (channel != null && !channel.equals("sms") && !channel.equals("call") && !channel.equals("auto")) {
            throw ApiException.invalid("channel", "channel must be sms, call or auto");
        }
        Page<Verification> page = otp.list(project, Query.str(req, "status"), Query.str(req, "to"), channel,
                Query.str(req, "cursor"), Page.limit(Query.integer(req, "limit"), 50, 1000));
        Json.ok(res, page);
    }

    private void get(ServerRequest req, ServerResponse res) {
        Json.ok(res, otp.get(scope.sms(req), Query.path(req, "oid")));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        Json.ok(res, otp.cancel(scope.sms(req), Query.path(req, "oid")));
    }
}
