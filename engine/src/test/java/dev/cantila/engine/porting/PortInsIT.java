package dev.cantila.engine.porting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.porting.PortTesting.body;
import static dev.cantila.engine.porting.PortTesting.events;
import static dev.cantila.engine.porting.PortTesting.freshNumber;
import static dev.cantila.engine.porting.PortTesting.upload;
import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A port-in through its whole lifecycle over HTTP, on the fake clock: review, e-signature, the losing carrier's FOC,
 * completion with billing and webhooks; and each refusal and detour (action_required and resubmit, cancel, expiry).
 */
class PortInsIT {
    /** A Monday; +7 days is Monday 2026-03-09. */
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T12:00:00Z"));
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);
    private String project;
    private Api api;
    private String doc;

    @BeforeEach
    void newProject() {
        var created = SERVER.newProject("porting");
        project = created.id();
        api = created.api();
        doc = upload(api, project);
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    private JsonNode get(String id) {
        return api.get(path("/port-ins/" + id)).json();
    }

    /** Advances the clock by {@code d} and lets the carrier do what is due. */
    private void after(Duration d) {
        CLOCK.advance(d);
        SERVER.app().portCarrier().pass();
    }

    private static LocalDate today() {
        return LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
    }

    /** The first business day after the earliest allowed one. */
    private static LocalDate target() {
        LocalDate d = PortCalendar.earliest(today()).plusDays(1);
        while (!PortCalendar.businessDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    private String create(List<String> numbers, String pin, String target) {
        Api.Resp r = api.post(path("/port-ins"), body(numbers, pin, target, List.of(doc)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("/status")).isEqualTo("in_review");
        return r.text("/id");
    }

    @Test
    void aPortInCompletesAtItsFocWithBillingAndWebhooks() {
        String a = freshNumber();
        String b = freshNumber();
        LocalDate target = target();
        String id = create(List.of(a, b), "4321", target.toString());
        assertThat(id).startsWith("portin_");
        SERVER.app().portCarrier().pass();
        assertThat(get(id).get("status").asText()).as("review takes 10 minutes").isEqualTo("in_review");
        after(Duration.ofMinutes(10));
        assertThat(get(id).get("status").asText()).isEqualTo("waiting_for_signature");

        Api.Resp signed = api.post(path("/port-ins/" + id + "/sign"), obj("signerName", "Ada Lovelace", "title", "CEO"));
        assertThat(signed.status()).as(signed.toString()).isEqualTo(200);
        assertThat(signed.text("/status")).isEqualTo("submitted");
        assertThat(signed.text("/signature/signerName")).isEqualTo("Ada Lovelace");
        assertThat(signed.text("/signature/clientAddress")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(signed.text("/signature/signedAt")).isEqualTo(CLOCK.instant().toString());

        after(Duration.ofHours(24));
        JsonNode foc = get(id);
        assertThat(foc.get("status").asText()).isEqualTo("foc_scheduled");
        assertThat(foc.get("focDate").asText()).isEqualTo(target.toString());
        assertThat(api.get("/v1/numbers/" + a.replace("+", "%2B")).status()).as("not held before the FOC").isEqualTo(404);

        after(Duration.between(CLOCK.instant(), target.atTime(15, 0).toInstant(ZoneOffset.UTC)).minusSeconds(1));
        assertThat(get(id).get("status").asText()).isEqualTo("foc_scheduled");
        after(Duration.ofSeconds(1));
        JsonNode done = get(id);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.at("/numbers/0/status").asText()).isEqualTo("completed");
        assertThat(done.get("timeline")).extracting(s -> s.get("status").asText()).containsExactly("in_review",
                "waiting_for_signature", "submitted", "foc_scheduled", "completed");

        JsonNode held = api.get("/v1/numbers/" + a.replace("+", "%2B")).json();
        assertThat(held.get("status").asText()).isEqualTo("held");
        assertThat(held.get("projectId").asText()).isEqualTo(project);
        assertThat(held.at("/capabilities/sms").asBoolean()).isTrue();
        assertThat(held.at("/capabilities/voice").asBoolean()).isTrue();
        assertThat(held.at("/setupFee/amount").asLong()).as("setup fee waived").isZero();
        JsonNode charges = api.get(path("/billing/charges")).json().get("data");
        assertThat(charges).extracting(c -> c.get("kind").asText()).containsOnly("monthly").hasSize(2);
        assertThat(charges.get(0).at("/amount/amount").asLong()).isPositive();
        assertThat(events(SERVER, id)).containsExactly("number.port_in.in_review",
                "number.port_in.waiting_for_signature", "number.port_in.submitted", "number.port_in.foc_scheduled",
                "number.port_in.completed");

        Api.Resp late = api.post(path("/port-ins/" + id + "/cancel"), null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.errorCode()).isEqualTo("invalid_port_transition");
        assertThat(api.post("/v1/numbers/portability", obj("numbers", List.of(a))).json().at("/data/0/reason").asText())
                .isEqualTo("on_platform");
    }

    @Test
    void oneNumberIsInOneActivePortAtATime() {
        String n = freshNumber();
        String first = create(List.of(n), "4321", null);
        Api.Resp second = api.post(path("/port-ins"), body(List.of(freshNumber(), n), "4321", null, List.of(doc)));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("number_in_port");
        assertThat(second.text("/error/field")).isEqualTo("numbers[1]");
        assertThat(second.text("/error/message")).contains(n).contains(first);
        JsonNode check = api.post("/v1/numbers/portability", obj("numbers", List.of(n))).json().at("/data/0");
        assertThat(check.get("portable").asBoolean()).isFalse();
        assertThat(check.get("reason").asText()).isEqualTo("in_port");

        assertThat(api.post(path("/port-ins/" + first + "/cancel"), null).text("/status")).isEqualTo("canceled");
        assertThat(events(SERVER, first)).endsWith("number.port_in.canceled");
        create(List.of(n), "4321", null); // free again once the first port ended
    }

    @Test
    void targetDatesAreBusinessDaysAWeekAhead() {
        String n = freshNumber();
        LocalDate saturday = target().with(TemporalAdjusters.next(DayOfWeek.SATURDAY));
        LocalDate holiday = PortCalendar.holidays(today().getYear() + 1).get(2); // Washington's Birthday, a Monday
        for (String bad : List.of(today().plusDays(6).toString(), saturday.toString(), holiday.toString(),
                "2026-02-30", "not-a-date")) {
            Api.Resp r = api.post(path("/port-ins"), body(List.of(n), "4321", bad, List.of(doc)));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.text("/error/field")).as(bad).isEqualTo("targetDate");
        }
        assertThat(api.post(path("/port-ins"), body(List.of(n), "4321", PortCalendar.earliest(today()).toString(),
                List.of(doc))).status()).isEqualTo(201);
    }

    @Test
    void badRequestsAreFourHundredsNamingTheField() {
        String n = freshNumber();
        assertThat(api.post(path("/port-ins"), body(List.of("+331234"), "4321", null, List.of(doc))).text("/error/field"))
                .isEqualTo("numbers[0]");
        assertThat(api.post(path("/port-ins"), body(List.of(n, n), "4321", null, List.of(doc))).errorCode())
                .isEqualTo("duplicate_number");
        assertThat(api.post(path("/port-ins"), body(List.of(n), "4321", null, List.of("doc_nope"))).text("/error/field"))
                .isEqualTo("documents[0]");
        assertThat(api.post(path("/port-ins"), body(List.of(n), "12", null, List.of(doc))).text("/error/field"))
                .isEqualTo("losingCarrier.pin");
        Api.Resp unknown = api.post(path("/port-ins"), obj("numbers", List.of(n), "losingCarrier", Map.of("name", "x",
                "acount", "1")));
        assertThat(unknown.errorCode()).isEqualTo("unknown_field");
        assertThat(unknown.text("/error/field")).isEqualTo("losingCarrier.acount");
        assertThat(api.post(path("/port-ins"), obj("numbers", List.of())).status()).isEqualTo(400);
        var other = SERVER.newProject("other");
        assertThat(other.api().post(path("/port-ins"), body(List.of(n), "4321", null, List.of(doc))).status())
                .isEqualTo(403);
        String mine = create(List.of(n), "4321", null);
        assertThat(other.api().get("/v1/projects/" + other.id() + "/port-ins/" + mine).status()).isEqualTo(404);
        assertThat(other.api().post("/v1/projects/" + other.id() + "/port-ins", body(List.of(freshNumber()), "4321",
                null, List.of(doc))).text("/error/field")).as("another project's document").isEqualTo("documents[0]");
    }

    @Test
    void theLosingCarrierAsksForFixesAndTheCustomerResubmits() {
        String id = create(List.of(freshNumber()), "0000", null);
        after(Duration.ofMinutes(10));
        api.post(path("/port-ins/" + id + "/sign"), obj("signerName", "Ada Lovelace"));
        after(Duration.ofHours(24));
        JsonNode stuck = get(id);
        assertThat(stuck.get("status").asText()).isEqualTo("action_required");
        assertThat(stuck.at("/actionRequired/code").asText()).isEqualTo("pin_mismatch");
        assertThat(api.post(path("/port-ins/" + id + "/sign"), obj("signerName", "Ada")).errorCode())
                .isEqualTo("invalid_port_transition");

        Api.Resp fixed = api.post(path("/port-ins/" + id + "/resubmit"), obj("losingCarrier", Map.of("pin", "2468")));
        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
        assertThat(fixed.text("/status")).isEqualTo("in_review");
        assertThat(fixed.json().get("signature").isNull()).as("the LOA is signed again").isTrue();
        after(Duration.ofMinutes(10));
        api.post(path("/port-ins/" + id + "/sign"), obj("signerName", "Grace Hopper"));
        after(Duration.ofHours(24));
        assertThat(get(id).at("/actionRequired/code").asText()).isEqualTo("name_mismatch");
        api.post(path("/port-ins/" + id + "/resubmit"), obj());
        after(Duration.ofMinutes(10));
        api.post(path("/port-ins/" + id + "/sign"), obj("signerName", " ada  LOVELACE "));
        after(Duration.ofHours(24));
        assertThat(get(id).get("status").asText()).isEqualTo("foc_scheduled");
        assertThat(get(id).get("focDate").asText()).as("earliest allowed: a week ahead, a business day")
                .isEqualTo(PortCalendar.earliest(today()).toString());
        assertThat(api.post(path("/port-ins/" + id + "/cancel"), null).text("/status")).as("cancel until FOC")
                .isEqualTo("canceled");
    }

    @Test
    void reviewRefusalsRejectionAndExpiry() {
        Api.Resp noDocs = api.post(path("/port-ins"), body(List.of(freshNumber()), "4321", null, List.of()));
        String missing = noDocs.text("/id");
        after(Duration.ofMinutes(10));
        assertThat(get(missing).at("/actionRequired/code").asText()).isEqualTo("document_missing");

        String tiny = PortTesting.multipart("loa.pdf", "%PDF-1.4 tiny");
        String tinyDoc = api.send("POST", path("/documents"), tiny, PortTesting.MULTIPART).text("/id");
        Api.Resp fixed = api.post(path("/port-ins/" + missing + "/resubmit"), obj("documents", List.of(tinyDoc)));
        assertThat(fixed.text("/status")).isEqualTo("in_review");
        after(Duration.ofMinutes(10));
        assertThat(get(missing).at("/actionRequired/code").asText()).isEqualTo("document_unreadable");

        String unlucky = create(List.of("+17202019999"), "4321", null);
        after(Duration.ofMinutes(10));
        api.post(path("/port-ins/" + unlucky + "/sign"), obj("signerName", "Ada Lovelace"));
        after(Duration.ofHours(24));
        assertThat(get(unlucky).get("status").asText()).isEqualTo("rejected");
        assertThat(get(unlucky).at("/rejection/code").asText()).isEqualTo("number_not_on_account");

        String n = freshNumber();
        String unsigned = create(List.of(n), "4321", null);
        after(Duration.ofMinutes(10));
        after(Duration.ofDays(30).minusSeconds(1));
        assertThat(get(unsigned).get("status").asText()).isEqualTo("waiting_for_signature");
        after(Duration.ofSeconds(1));
        assertThat(get(unsigned).get("status").asText()).isEqualTo("expired");
        assertThat(events(SERVER, unsigned)).endsWith("number.port_in.expired");
        assertThat(api.post(path("/port-ins/" + unsigned + "/sign"), obj("signerName", "Ada")).status()).isEqualTo(409);
    }
}
