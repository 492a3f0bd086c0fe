package dev.cantila.engine.sms;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.http.ProjectScope;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Instant;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;

/** Outbound SMS routes under {@code /v1/projects/{id}/sms}: send, messages, bulk. */
public final class SmsHttp implements HttpService {
    /** Bulk bodies: 100,000 recipients with a few variables each. */
    static final int MAX_BULK_BODY = 24 * 1024 * 1024;

    private final SmsService sms;
    private final BulkSends bulk;
    private final ProjectScope scope;

    SmsHttp(SmsService sms, BulkSends bulk, ProjectScope scope) {
        this.sms = sms;
        this.bulk = bulk;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/sms/send", this::send)
                .get("/{id}/sms/messages", this::list)
                .get("/{id}/sms/messages/{mid}", this::get)
                .delete("/{id}/sms/messages/{mid}", this::cancel)
                .post("/{id}/sms/bulk", this::bulk)
                .get("/{id}/sms/bulk/{bid}", this::bulkGet)
                .delete("/{id}/sms/bulk/{bid}", this::bulkCancel);
    }

    private String project(ServerRequest req) {
        return scope.sms(req);
    }

    private void send(ServerRequest req, ServerResponse res) {
        String project = project(req);
        JsonRequest b = Json.body(req, "to", "body", "templateId", "vars", "from", "sendAt", "statusCallback");
        var result = sms.send(project, new SmsService.SendRequest(b.optString("to", Limits.PHONE),
                b.optString("body", Limits.SMS_BODY), b.optString("templateId", Limits.ID), TemplatesHttp.vars(b),
                b.optString("from", Limits.PHONE), b.optString("sendAt", Limits.WORD),
                b.optString("statusCallback", Limits.URL)), req.headers().first(HeaderNames.create("Idempotency-Key")).orElse(null));
        if (result.replayed()) {
            res.header(HeaderNames.create("Idempotent-Replayed"), "true");
        }
        Json.send(res, result.replayed() ? Status.OK_200 : Status.CREATED_201, result.message());
    }

    private void list(ServerRequest req, ServerResponse res) {
        String project = project(req);
        String status = Query.str(req, "status");
        String direction = Query.str(req, "direction");
        if (direction != null && !direction.equals("outbound") && !direction.equals("inbound")) {
            throw ApiException.invalid("direction", "direction must be outbound or inbound");
        }
        String since = Query.str(req, "since");
        Long sinceMillis = null;
        if (since != null) {
            try {
                sinceMillis = Instant.parse(since).toEpochMilli();
            } catch (DateTimeException | ArithmeticException e) {
                throw ApiException.invalid("since", "since must be an ISO-8601 instant like 2026-11-27T10:00:00Z");
            }
        }
        String to = Query.str(req, "to");
        var filter = new MessageStore.Filter(status == null ? null : MessageStatus.parse(status, "status"), direction,
                to == null ? null : dev.cantila.engine.phone.PhoneNumbers.fromPath(to, "to"),
                Query.str(req, "batch"), sinceMillis);
        Json.okTagged(req, res, sms.list(project, filter, Query.str(req, "cursor"),
                Page.limit(Query.integer(req, "limit"), 50, 1000)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Json.ok(res, sms.get(project(req), Query.path(req, "mid")));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        Json.ok(res, sms.cancel(project(req), Query.path(req, "mid")));
    }

    private void bulk(ServerRequest req, ServerResponse res) {
        String project = project(req);
        JsonRequest b = Json.body(req, MAX_BULK_BODY, "recipients", "from", "body", "templateId", "sendAt",
                "statusCallback");
        List<BulkSends.Recipient> recipients = new ArrayList<>();
        for (JsonRequest r : b.objects("recipients")) {
            r.only("to", "vars");
            try {
                if (r.isMissing()) {
                    throw ApiException.invalid(r.name("to"), "each recipient is a phone number or {to, vars}");
                }
                recipients.add(new BulkSends.Recipient(r.string("to", Limits.PHONE), TemplatesHttp.vars(r), null));
            } catch (ApiException e) {
                recipients.add(new BulkSends.Recipient(null, null, e));
            }
        }
        Json.send(res, Status.ACCEPTED_202, bulk.submit(project, new BulkSends.BulkRequest(
                b.optString("from", Limits.PHONE), b.optString("body", Limits.SMS_BODY),
                b.optString("templateId", Limits.ID), b.optString("sendAt", Limits.WORD),
                b.optString("statusCallback", Limits.URL),
                recipients)));
    }

    private void bulkGet(ServerRequest req, ServerResponse res) {
        Json.ok(res, bulk.get(project(req), Query.path(req, "bid")));
    }

    private void bulkCancel(ServerRequest req, ServerResponse res) {
        Json.ok(res, bulk.cancel(project(req), Query.path(req, "bid")));
    }
}
