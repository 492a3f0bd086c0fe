package dev.cantila.engine.porting;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.cantila.engine.porting.PortTesting.events;
import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** Port-out PINs and simulated port-out requests over HTTP, on the fake clock. */
class PortOutsIT {
    private static final MutableClock CLOCK = MutableClock.at("2026-04-01T12:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);

    @Test
    void theRightPinTakesTheNumberAtItsFocAndBillingStops() {
        var p = SERVER.newProject("leaving");
        String n = p.api().post("/v1/numbers", obj("country", "US", "areaCode", "312")).text("/e164");
        String path = "/v1/numbers/%2B" + n.substring(1);
        Api op = SERVER.operator();
        Api.Resp noPin = op.post("/v1/sim/port-out", obj("e164", n, "pin", "1234"));
        assertThat(noPin.status()).isEqualTo(409);
        assertThat(noPin.text("/error/message")).contains("no_pin_set");

        Api.Resp generated = p.api().post(path + "/port-out-pin", "{}");
        assertThat(generated.text("/pin")).matches("\\d{6}");
        assertThat(p.api().post(path + "/port-out-pin", null).text("/pin")).as("no body: generated too").matches("\\d{6}");
        assertThat(p.api().post(path + "/port-out-pin", obj("pin", "12ab")).text("/error/field")).isEqualTo("pin");
        assertThat(SERVER.newProject("x").api().post(path + "/port-out-pin", "{}").status()).isEqualTo(403);
        assertThat(p.api().post(path + "/port-out-pin", obj("pin", "8642")).text("/pin")).isEqualTo("8642");
        assertThat(p.api().get(path).body()).doesNotContain("8642");

        Api.Resp wrong = op.post("/v1/sim/port-out", obj("e164", n, "pin", "0000", "gainingCarrier", "Rival"));
        assertThat(wrong.status()).isEqualTo(409);
        assertThat(wrong.errorCode()).isEqualTo("port_out_refused");
        assertThat(p.api().post("/v1/sim/port-out", obj("e164", n, "pin", "8642")).status()).as("operator only")
                .isEqualTo(403);

        Api.Resp right = op.post("/v1/sim/port-out", obj("e164", n, "pin", "8642", "gainingCarrier", "Rival"));
        assertThat(right.status()).as(right.toString()).isEqualTo(201);
        assertThat(right.text("/status")).isEqualTo("foc_scheduled");
        String id = right.text("/id");
        CLOCK.advance(Duration.ofDays(3).minusSeconds(1));
        SERVER.app().portOuts().pass();
        assertThat(p.api().get(path).text("/status")).isEqualTo("held");
        long before = p.api().get(p.path("/billing/charges")).json().get("data").size();

        CLOCK.advance(Duration.ofSeconds(1));
        SERVER.app().portOuts().pass();
        assertThat(op.get("/v1/sim/port-outs/" + id).text("/status")).isEqualTo("completed");
        assertThat(p.api().get(path).status()).as("gone from the platform").isEqualTo(404);
        CLOCK.advance(Duration.ofDays(60));
        assertThat(p.api().get(p.path("/billing/charges")).json().get("data")).as("billing stopped").hasSize((int) before);
        assertThat(events(SERVER, id)).containsExactly("number.port_out.requested", "number.port_out.completed");
    }

    @Test
    void aReleaseBeforeTheFocCancelsThePortOut() {
        var p = SERVER.newProject("releasing");
        String n = p.api().post("/v1/numbers", obj("country", "US", "areaCode", "415")).text("/e164");
        String path = "/v1/numbers/%2B" + n.substring(1);
        p.api().post(path + "/port-out-pin", obj("pin", "1357"));
        String id = SERVER.operator().post("/v1/sim/port-out", obj("e164", n, "pin", "1357")).text("/id");
        assertThat(p.api().delete(path).status()).isEqualTo(204);
        CLOCK.advance(Duration.ofDays(3));
        SERVER.app().portOuts().pass();
        Api.Resp done = SERVER.operator().get("/v1/sim/port-outs/" + id);
        assertThat(done.text("/status")).isEqualTo("canceled");
        assertThat(done.text("/reason")).isEqualTo("number_released");
        assertThat(p.api().get(path).text("/status")).as("still aging here").isEqualTo("aging");
    }
}
