package dev.cantila.engine.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transfers between projects and release aging over HTTP, under a fake clock: accept moves the number (routing
 * cleared, scheduled messages canceled with a reason, billing from the next cycle), reject, cancel, expiry after 7
 * days, the SMS number refused, a release racing an offer; aging, reclaim without a setup fee, back to the catalog.
 */
class TransfersIT {
    private static final MutableClock CLOCK = MutableClock.at("2026-01-10T12:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);
    private TestServer.TestProject a;
    private TestServer.TestProject b;

    @BeforeEach
    void projects() {
        a = SERVER.newProject("giver");
        b = SERVER.newProject("taker");
    }

    private String buy(TestServer.TestProject p) {
        return p.api().post("/v1/numbers", obj("country", "US", "areaCode", "212")).text("/e164");
    }

    private static String path(String e164) {
        return "/v1/numbers/%2B" + e164.substring(1);
    }

    private JsonNode charges(TestServer.TestProject p) {
        return p.api().get(p.path("/billing/charges")).json();
    }

    @Test
    void acceptMovesTheNumberCancelsItsScheduledMessagesAndBillingFollowsNextCycle() {
        java.time.Instant bought = CLOCK.instant();
        String n = buy(a);
        Api.Resp scheduled = a.api().post(a.path("/sms/send"), obj("to", "+14155550123", "body", "later", "from", n,
                "sendAt", CLOCK.instant().plus(Duration.ofDays(2)).toString()));
        assertThat(scheduled.status()).as(scheduled.toString()).isIn(201, 202);
        a.api().put(a.path("/numbers/%2B" + n.substring(1) + "/routing"), obj("sms", obj("url",
                "https://example.com/sms")));

        Api.Resp offer = a.api().post(path(n) + "/transfers", obj("toProjectId", b.id()));
        assertThat(offer.status()).as(offer.toString()).isEqualTo(201);
        assertThat(offer.text("/status")).isEqualTo("pending");
        String id = offer.text("/id");
        assertThat(a.api().post("/v1/transfers/" + id + "/accept", null).status()).as("the offerer cannot accept")
                .isEqualTo(403);
        assertThat(SERVER.newProject("stranger").api().get("/v1/transfers/" + id).status()).isEqualTo(404);
        assertThat(a.api().post(path(n) + "/transfers", obj("toProjectId", b.id())).errorCode())
                .isEqualTo("transfer_pending");

        CLOCK.advance(Duration.ofDays(5));
        Api.Resp accepted = b.api().post("/v1/transfers/" + id + "/accept", null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.text("/status")).isEqualTo("accepted");
        assertThat(b.api().get(path(n)).text("/projectId")).isEqualTo(b.id());
        assertThat(a.api().get(path(n)).status()).isEqualTo(403);
        assertThat(Database.one(SERVER.app().database().exec(), "SELECT COUNT(*) AS c FROM number_routing WHERE e164 = ?",
                r -> Database.lng(r, "c"), n).orElseThrow()).as("routing cleared").isZero();
        String msg = scheduled.text("/id");
        assertThat(a.api().get(a.path("/sms/messages/" + msg)).text("/status")).isEqualTo("canceled");
        assertThat(Database.list(SERVER.app().database().exec(), "SELECT detail FROM sms_events WHERE message_id = ?",
                r -> Database.str(r, "detail"), msg)).anyMatch(d -> d != null && d.contains("transferred"));

        assertThat(charges(b).get("data")).as("nothing until the next cycle").isEmpty();
        long aTotal = charges(a).at("/totals/USD").asLong();
        java.time.Instant nextCycle = bought.atZone(java.time.ZoneOffset.UTC).plusMonths(1).toInstant();
        CLOCK.advance(Duration.between(CLOCK.instant(), nextCycle).minusSeconds(1));
        assertThat(charges(b).get("data")).isEmpty();
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(charges(b).get("data")).extracting(c -> c.get("kind").asText()).containsExactly("monthly");
        assertThat(charges(b).at("/data/0/periodStart").asText()).isEqualTo(nextCycle.toString());
        assertThat(charges(a).at("/totals/USD").asLong()).as("the giver pays no further month").isEqualTo(aTotal);
        assertThat(b.api().post("/v1/transfers/" + id + "/reject", null).errorCode()).isEqualTo("transfer_accepted");
    }

    @Test
    void rejectCancelExpiryAndRefusals() {
        String n = buy(a);
        String first = a.api().post(path(n) + "/transfers", obj("toProjectId", b.id())).text("/id");
        assertThat(b.api().post("/v1/transfers/" + first + "/reject", null).text("/status")).isEqualTo("rejected");
        String second = a.api().post(path(n) + "/transfers", obj("toProjectId", b.id())).text("/id");
        assertThat(b.api().post("/v1/transfers/" + second + "/cancel", null).status()).isEqualTo(403);
        assertThat(a.api().post("/v1/transfers/" + second + "/cancel", null).text("/status")).isEqualTo("canceled");
        String third = a.api().post(path(n) + "/transfers", obj("toProjectId", b.id())).text("/id");
        CLOCK.advance(Duration.ofDays(7));
        assertThat(b.api().get("/v1/transfers/" + third).text("/status")).isEqualTo("expired");
        Api.Resp late = b.api().post("/v1/transfers/" + third + "/accept", null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.errorCode()).isEqualTo("transfer_expired");
        assertThat(b.api().get(b.path("/transfers")).json().get("data")).hasSize(3);

        assertThat(a.api().post(path(n) + "/transfers", obj("toProjectId", a.id())).text("/error/field"))
                .isEqualTo("toProjectId");
        assertThat(a.api().post(path(n) + "/transfers", obj("toProjectId", "proj_nope")).status()).isEqualTo(404);
        assertThat(a.api().post(path(n) + "/transfers", obj("to", b.id())).errorCode()).isEqualTo("unknown_field");
        assertThat(b.api().post(path(n) + "/transfers", obj("toProjectId", b.id())).status()).isEqualTo(403);

        String sms = a.api().post(a.path("/sms/activate"), obj("country", "US", "numberType", "local"))
                .text("/e164");
        Api.Resp inUse = a.api().post(path(sms) + "/transfers", obj("toProjectId", b.id()));
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorCode()).isEqualTo("number_in_use");
    }

    @Test
    void aReleaseBetweenOfferAndAcceptWins() {
        String n = buy(a);
        String id = a.api().post(path(n) + "/transfers", obj("toProjectId", b.id())).text("/id");
        assertThat(a.api().delete(path(n)).status()).isEqualTo(204);
        Api.Resp accept = b.api().post("/v1/transfers/" + id + "/accept", null);
        assertThat(accept.status()).isEqualTo(409);
        assertThat(accept.errorCode()).isEqualTo("number_unavailable");
        assertThat(b.api().get("/v1/transfers/" + id).text("/status")).isEqualTo("pending");
    }

    @Test
    void releasedNumbersAgeCanBeReclaimedThenReturnToTheCatalog() {
        String n = buy(a);
        long setups = charges(a).get("data").size();
        assertThat(a.api().delete(path(n)).status()).isEqualTo(204);
        assertThat(a.api().get(path(n)).text("/status")).isEqualTo("aging");
        assertThat(a.api().get("/v1/numbers/catalog?contains=" + n.substring(2)).json().get("data")).isEmpty();
        assertThat(b.api().post("/v1/numbers", obj("e164", n)).status()).as("not for sale while aging").isEqualTo(409);
        assertThat(b.api().post(path(n) + "/reclaim", null).status()).as("only the releasing project").isEqualTo(403);
        assertThat(a.api().post("/v1/numbers/portability", obj("numbers", List.of(n))).text("/data/0/reason"))
                .isEqualTo("on_platform");

        CLOCK.advance(Duration.ofDays(29));
        Api.Resp back = a.api().post(path(n) + "/reclaim", null);
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.text("/status")).isEqualTo("held");
        JsonNode after = charges(a).get("data");
        assertThat(after).hasSize((int) setups + 1);
        assertThat(after.get(0).get("kind").asText()).as("no new setup fee").isEqualTo("monthly");

        assertThat(a.api().delete(path(n)).status()).isEqualTo(204);
        CLOCK.advance(Duration.ofDays(30));
        SERVER.app().numbers().returnAged();
        assertThat(a.api().post(path(n) + "/reclaim", null).status()).isEqualTo(404);
        assertThat(a.api().get(path(n)).text("/status")).isEqualTo("available");
        assertThat(b.api().post("/v1/numbers", obj("e164", n)).status()).isEqualTo(201);
    }
}
