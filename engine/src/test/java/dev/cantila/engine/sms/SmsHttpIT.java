package dev.cantila.engine.sms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.SimulatedCarrier;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbound SMS API over real HTTP on a real database. Time is a fake clock and no background worker runs:
 * the test moves the clock and runs the dispatcher and the carrier's reports itself, so status changes are
 * deterministic.
 */
class SmsHttpIT {
    private static final MutableClock CLOCK = MutableClock.at("2026-11-27T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);
    private final Api operator = SERVER.operator();
    private String project;
    private Api api;
    private String sender;

    @BeforeEach
    void newProject() {
        var created = SERVER.newProject("sms");
        project = created.id();
        api = created.api();
        sender = SmsFixtures.activate(SERVER.app(), project);
    }

    private String path(String rest) {
        return "/v1/projects/" + project + "/sms" + rest;
    }

    private void deliverAll() {
        for (int i = 0; i < 3; i++) {
            CLOCK.advance(Duration.ofSeconds(2));
            SERVER.app().sms().dispatchOnce();
            ((SimulatedCarrier) SERVER.app().carrier()).reportDue();
            ((SimulatedCarrier) SERVER.app().carrier()).reportDue();
        }
    }

    @Test
    void sendNormalisesTheNumberCountsSegmentsAndTracksStatus() {
        Resp sent = api.post(path("/send"), obj("to", "(415) 555-0123", "body", "Your order shipped €"));
        assertThat(sent.status()).isEqualTo(201);
        JsonNode m = sent.json();
        assertThat(m.get("id").asText()).startsWith("msg_");
        assertThat(m.get("to").asText()).isEqualTo("+14155550123");
        assertThat(m.get("from").asText()).isEqualTo(sender);
        assertThat(m.get("status").asText()).isEqualTo("queued");
        assertThat(m.get("encoding").asText()).isEqualTo("GSM-7");
        assertThat(m.get("segments").asInt()).isEqualTo(1);

        deliverAll();
        Resp got = api.get(path("/messages/" + m.get("id").asText()));
        assertThat(got.text("/status")).isEqualTo("delivered");
        List<String> statuses = new ArrayList<>();
        got.json().get("events").forEach(e -> statuses.add(e.get("status").asText()));
        assertThat(statuses).containsExactly("queued", "sending", "sent", "delivered");
    }

    @Test
    void invalidInputIsA400NamingTheField() {
        assertField(api.post(path("/send"), obj("body", "hi")), 400, "to");
        Resp shortNumber = api.post(path("/send"), obj("to", "12", "body", "hi"));
        assertField(shortNumber, 400, "to");
        assertThat(shortNumber.errorCode()).isEqualTo("invalid_phone_number");
        assertField(api.post(path("/send"), obj("to", "+14155550123")), 400, "body");
        assertField(api.post(path("/send"), obj("to", "+14155550123", "body", "x", "templateId", "tpl_x")), 400, "body");
        assertField(api.post(path("/send"), obj("to", "+14155550123", "body", "")), 400, "body");
        assertField(api.post(path("/send"), obj("to", "+14155550123", "body", "x".repeat(1601))), 400, "body");
        assertField(api.post(path("/send"), obj("to", "+14155550123", "body", 5)), 400, "body");
        assertField(api.post(path("/send"), obj("to", "+14155550123", "body", "x", "sendAt", "2026-11-27T09:00:00Z")),
                400, "sendAt");
        assertField(api.post(path("/send"), obj("to", "+14155550123", "body", "x", "sendAt", "2027-01-05T10:00:00Z")),
                400, "sendAt");
        assertField(api.post(path("/send"), obj("to", "+14155550123", "body", "x", "sendAt", "tomorrow")), 400, "sendAt");
        assertField(api.post(path("/send"), obj("to", "+14155550123", "body", "x", "statusCallback", "ftp://h/x")),
                400, "statusCallback");
        assertField(api.post(path("/send"), obj("to", "+14155550123", "body", "x", "vars", List.of(1))), 400, "vars");
        assertThat(api.post(path("/send"), "{\"to\":").errorCode()).isEqualTo("invalid_json");
        assertField(api.post(path("/send"), obj("to", "+14155550123", "body", "a\u0000b")), 400, "body");
        assertField(api.post(path("/send"), "{\"to\":\"+14155550123\",\"body\":\"a\\ud800b\"}"), 400, "body");
        assertField(api.post(path("/send"), obj("to", "+14155550123", "body", "x", "sendAt",
                "+999999999-12-31T23:59:59Z")), 400, "sendAt");
        assertThat(api.post(path("/send"), "[".repeat(3000)).errorCode()).isEqualTo("invalid_json");
        assertField(api.get(path("/messages?since=%2B999999999-12-31T23:59:59Z")), 400, "since");
        assertThat(api.post(path("/send"), obj("to", "+14155550123", "body", "x".repeat(300_000))).status())
                .isEqualTo(413);
        assertThat(countMessages()).isZero();
    }

    @Test
    void sendingNeedsAnActiveNumberAndRespectsOptOut() {
        Resp other = operator.post("/v1/projects", obj("name", "inactive"));
        Resp inactive = operator.as(other.text("/apiKey")).post("/v1/projects/" + other.text("/id") + "/sms/send",
                obj("to", "+14155550123", "body", "hi"));
        assertThat(inactive.status()).isEqualTo(409);
        assertThat(inactive.errorCode()).isEqualTo("sms_not_active");
        assertThat(inactive.text("/error/message")).contains("/sms/activate");

        Database.update(SERVER.app().database().exec(), "INSERT INTO sms_opt_outs (project_id, e164, created_at) VALUES (?, ?, 0)",
                project, "+14155550177");
        Resp optedOut = api.post(path("/send"), obj("to", "+14155550177", "body", "hi"));
        assertThat(optedOut.status()).isEqualTo(422);
        assertThat(optedOut.errorCode()).isEqualTo("recipient_opted_out");

        Resp notOurs = api.post(path("/send"), obj("to", "+14155550123", "body", "hi", "from", "+14155559999"));
        assertThat(notOurs.status()).isEqualTo(422);
        assertThat(notOurs.errorCode()).isEqualTo("from_not_owned");
    }

    @Test
    void idempotencyKeyReplaysTheSameRequestAndRejectsADifferentOne() {
        Map<String, String> key = Map.of("Idempotency-Key", "order-42");
        Resp first = api.post(path("/send"), obj("to", "+14155550123", "body", "shipped"), key);
        Resp again = api.post(path("/send"), obj("to", "+14155550123", "body", "shipped"), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("/id")).isEqualTo(first.text("/id"));
        String tpl = api.post(path("/templates"), obj("name", "t", "body", "{{a}} {{b}}")).text("/id");
        Map<String, String> key2 = Map.of("Idempotency-Key", "order-43");
        Resp ab = api.post(path("/send"), "{\"to\":\"+14155550123\",\"templateId\":\"" + tpl
                + "\",\"vars\":{\"a\":\"1\",\"b\":\"2\"}}", key2);
        Resp ba = api.post(path("/send"), "{\"to\":\"+14155550123\",\"templateId\":\"" + tpl
                + "\",\"vars\":{\"b\":\"2\",\"a\":\"1\"}}", key2);
        assertThat(ba.status()).as("variables in another order are the same request").isEqualTo(200);
        assertThat(ba.text("/id")).isEqualTo(ab.text("/id"));
        Resp different = api.post(path("/send"), obj("to", "+14155550123", "body", "changed"), key);
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.errorCode()).isEqualTo("idempotency_key_reused");
        assertThat(countMessages()).isEqualTo(2);
    }

    @Test
    void scheduledMessageCanBeCanceledOnce() {
        Resp s = api.post(path("/send"), obj("to", "+14155550123", "body", "later", "sendAt", "2026-11-27T12:00:00+01:00"));
        assertThat(s.text("/status")).isEqualTo("scheduled");
        assertThat(s.text("/sendAt")).isEqualTo("2026-11-27T11:00:00Z");
        String id = s.text("/id");
        assertThat(api.delete(path("/messages/" + id)).text("/status")).isEqualTo("canceled");
        Resp twice = api.delete(path("/messages/" + id));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.errorCode()).isEqualTo("not_cancelable");
        assertThat(api.delete(path("/messages/msg_unknown")).status()).isEqualTo(404);
    }

    @Test
    void listsWithFiltersAndCursor() {
        for (int i = 0; i < 5; i++) {
            api.post(path("/send"), obj("to", "+1415555" + (2100 + i), "body", "n" + i));
        }
        Resp page1 = api.get(path("/messages?limit=2"));
        assertThat(page1.json().get("data")).hasSize(2);
        String cursor = page1.text("/nextCursor");
        Resp page2 = api.get(path("/messages?limit=2&cursor=" + cursor));
        assertThat(page2.json().get("data")).hasSize(2);
        assertThat(page2.json().get("data").get(0).get("id").asText()).isLessThan(cursor);
        assertThat(api.get(path("/messages?to=%2B14155552102")).json().get("data")).hasSize(1);
        assertThat(api.get(path("/messages?to=+14155552102")).json().get("data")).as("a raw + in a query").hasSize(1);
        assertThat(api.get(path("/messages?status=queued")).json().get("data")).hasSize(5);
        assertThat(api.get(path("/messages?status=delivered")).json().get("data")).isEmpty();
        assertField(api.get(path("/messages?status=bogus")), 400, "status");
        assertField(api.get(path("/messages?limit=0")), 400, "limit");
        assertField(api.get(path("/messages?since=yesterday")), 400, "since");
    }

    @Test
    void bulkReportsBadRecipientsByIndexAndSendsTheRest() {
        String body = obj("body", "Sale today", "recipients", List.of(
                Map.of("to", "+14155552200"), "+14155552201", Map.of("to", "12"), Map.of("to", "+14155552200"),
                7, Map.of("to", "415 555 2202")));
        Resp bulk = api.post(path("/bulk"), body);
        assertThat(bulk.status()).isEqualTo(202);
        JsonNode b = bulk.json();
        assertThat(b.get("total").asInt()).isEqualTo(6);
        assertThat(b.get("accepted").asInt()).isEqualTo(3);
        assertThat(b.get("rejected").asInt()).isEqualTo(3);
        List<Integer> indexes = new ArrayList<>();
        b.get("rejections").forEach(r -> indexes.add(r.get("index").asInt()));
        assertThat(indexes).containsExactly(2, 3, 4);
        assertThat(b.get("rejections").get(1).get("code").asText()).isEqualTo("duplicate_recipient");

        deliverAll();
        Resp progress = api.get(path("/bulk/" + b.get("id").asText()));
        assertThat(progress.text("/status")).isEqualTo("completed");
        assertThat(progress.json().get("progress").asDouble()).isEqualTo(1.0);
        assertThat(progress.json().at("/counts/delivered").asInt()).isEqualTo(3);
        assertThat(api.delete(path("/bulk/" + b.get("id").asText())).status()).isEqualTo(409);
        assertThat(api.get(path("/messages?batch=" + b.get("id").asText())).json().get("data")).hasSize(3);
    }

    @Test
    void bulkCancelStopsWhatIsNotYetSent() {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            recipients.add("+1415555" + (2300 + i));
        }
        Resp bulk = api.post(path("/bulk"), obj("body", "x", "recipients", recipients,
                "sendAt", "2026-11-28T10:00:00Z"));
        String id = bulk.text("/id");
        Resp canceled = api.delete(path("/bulk/" + id));
        assertThat(canceled.text("/status")).isEqualTo("canceled");
        assertThat(canceled.json().at("/counts/canceled").asInt()).isEqualTo(20);
        assertField(api.post(path("/bulk"), obj("body", "x", "recipients", List.of())), 400, "recipients");
        assertField(api.post(path("/bulk"), obj("body", "x")), 400, "recipients");
        assertThat(api.get(path("/bulk/bulk_unknown")).status()).isEqualTo(404);
    }

    @Test
    void templatedSendsRenderPerRecipientAndNameMissingVariables() {
        String tpl = api.post(path("/templates"), obj("name", "promo", "body", "Hi {{name}}, {{offer}} today"))
                .text("/id");
        Resp one = api.post(path("/send"), obj("to", "+14155550123", "templateId", tpl,
                "vars", Map.of("name", "Ada", "offer", "20% off")));
        assertThat(one.status()).isEqualTo(201);
        assertThat(one.text("/body")).isEqualTo("Hi Ada, 20% off today");
        assertThat(one.text("/templateId")).isEqualTo(tpl);
        Resp missing = api.post(path("/send"), obj("to", "+14155550123", "templateId", tpl, "vars", Map.of("name", "A")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("missing_template_variables");
        assertThat(missing.text("/error/message")).contains("offer");
        assertThat(api.post(path("/send"), obj("to", "+14155550123", "templateId", "tpl_nope")).status()).isEqualTo(404);

        Resp bulk = api.post(path("/bulk"), obj("templateId", tpl, "recipients", List.of(
                Map.of("to", "+14155552400", "vars", Map.of("name", "Bo", "offer", "free tea")),
                Map.of("to", "+14155552401", "vars", Map.of("name", "Cy")))));
        assertThat(bulk.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(bulk.json().at("/rejections/0/index").asInt()).isEqualTo(1);
        assertThat(bulk.json().at("/rejections/0/code").asText()).isEqualTo("missing_template_variables");
        Resp sent = api.get(path("/messages?batch=" + bulk.text("/id")));
        assertThat(sent.json().at("/data/0/body").asText()).isEqualTo("Hi Bo, free tea today");
    }

    @Test
    void everyRouteRefusesOtherProjectsAndMissingKeys() {
        Resp other = operator.post("/v1/projects", obj("name", "intruder"));
        Api intruder = operator.as(other.text("/apiKey"));
        String msg = api.post(path("/send"), obj("to", "+14155550123", "body", "hi")).text("/id");
        String bulk = api.post(path("/bulk"), obj("body", "x", "recipients", List.of("+14155550124"))).text("/id");
        for (Resp r : List.of(intruder.post(path("/send"), obj("to", "+14155550123", "body", "hi")),
                intruder.get(path("/messages")), intruder.get(path("/messages/" + msg)),
                intruder.delete(path("/messages/" + msg)), intruder.post(path("/bulk"), obj("body", "x",
                        "recipients", List.of("+14155550124"))), intruder.get(path("/bulk/" + bulk)),
                intruder.delete(path("/bulk/" + bulk)))) {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
        }
        assertThat(api.as(null).get(path("/messages")).status()).isEqualTo(401);
        assertThat(api.as("ck_bad_key").post(path("/send"), obj("to", "+14155550123", "body", "hi")).status())
                .isEqualTo(401);
        assertThat(operator.get("/v1/projects/proj_unknown/sms/messages").status()).isEqualTo(404);
        assertThat(operator.get(path("/messages/" + msg)).text("/id")).isEqualTo(msg);
    }

    private long countMessages() {
        return Database.one(SERVER.app().database().exec(), "SELECT COUNT(*) AS n FROM sms_messages WHERE project_id = ?",
                r -> Database.lng(r, "n"), project).orElseThrow();
    }

    private static void assertField(Resp r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.text("/error/field")).as(r.body()).isEqualTo(field);
    }
}
