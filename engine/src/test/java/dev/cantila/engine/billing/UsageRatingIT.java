package dev.cantila.engine.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.SimulatedCarrier;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.ManualTimers;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.Poll;
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
 * Usage rating over HTTP under a fake clock: sent segments, received messages and call minutes reach the ledger
 * priced by the project number's row of {@code cantila.pricing}, once each even when the carrier repeats its
 * reports, never for a message the carrier refused, and the month's invoice carries them.
 */
class UsageRatingIT {
    static final ManualTimers TIMERS = new ManualTimers(MutableClock.at("2026-11-27T10:00:00Z"));
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(TIMERS, Map.of(
            "cantila.pricing.rates.US.local.sms.outbound", "3",
            "cantila.pricing.rates.US.local.sms.inbound", "2",
            "cantila.pricing.rates.US.local.voice.inbound", "4",
            "cantila.pricing.rates.US.local.voice.outbound", "5",
            "cantila.pricing.voice-rounding", "per-minute",
            "cantila.carrier.failures.+14155550198", "21610",
            // a said sentence lasts 2 s of the fake clock: an answered call is never answered and ended in one instant
            "cantila.voice.sim.media", "2s"));
    private String project;
    private Api api;
    private String number;

    @BeforeEach
    void newProject() {
        var created = SERVER.newProject("rating");
        project = created.id();
        api = created.api();
        number = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    private SimulatedCarrier carrier() {
        return (SimulatedCarrier) SERVER.app().carrier();
    }

    /** Dispatches what is queued and lets the carrier report sent, then delivered. */
    private void deliver() {
        SERVER.app().sms().dispatchOnce();
        TIMERS.clock().advance(Duration.ofSeconds(10));
        carrier().reportDue();
        carrier().reportDue();
    }

    /** The project's usage charges (not the number's lease), oldest first. */
    private List<JsonNode> usage() {
        List<JsonNode> lines = new ArrayList<>();
        api.get(path("/billing/charges")).json().get("data").forEach(c -> {
            if (!List.of("setup", "monthly").contains(c.get("kind").asText())) {
                lines.addFirst(c);
            }
        });
        return lines;
    }

    private static String line(JsonNode c) {
        return c.get("kind").asText() + " " + c.at("/amount/amount").asLong() + " " + c.at("/amount/currency").asText();
    }

    @Test
    void sentSegmentsAreChargedOnceEvenWhenTheCarrierReportsAgain() {
        String plain = api.post(path("/sms/send"), obj("to", "+14155550101", "body", "hello")).text("/id");
        // 71 UCS-2 characters: two segments of at most 67
        String ucs2 = api.post(path("/sms/send"), obj("to", "+14155550102", "body", "é".repeat(1) + "ж".repeat(70)))
                .json().get("id").asText();
        assertThat(api.get(path("/sms/messages/" + ucs2)).json().get("segments").asInt()).isEqualTo(2);
        assertThat(usage()).as("nothing before the carrier accepted them").isEmpty();
        deliver();
        assertThat(api.get(path("/sms/messages/" + plain)).text("/status")).isEqualTo("delivered");
        assertThat(usage()).extracting(UsageRatingIT::line).containsExactly("sms_out 3 USD", "sms_out 6 USD");
        assertThat(usage()).extracting(c -> c.get("e164").asText()).containsOnly(number);

        // the carrier makes its reports again (made but not booked before a crash): no second charge
        Database.update(SERVER.app().database().exec(), "UPDATE sim_carrier_submissions SET reported = 'none'"
                + " WHERE message_id IN (?, ?)", plain, ucs2);
        assertThat(carrier().reportDue()).as("sent and delivered, both again").isEqualTo(4);
        assertThat(usage()).hasSize(2);
    }

    @Test
    void theLedgerRefusesASecondRatingOfTheSameThing() {
        Rating rating = new Rating(SERVER.app().billing(), SERVER.app().settings().pricing());
        for (int i = 0; i < 2; i++) {
            SERVER.app().database().inJdbcTx(tx -> {
                rating.smsSent(tx, project, "msg_twice", number, 2, 1_000);
                rating.callEnded(tx, project, "call_twice", false, number, 61, 2_000);
                return null;
            });
        }
        assertThat(usage()).extracting(UsageRatingIT::line).containsExactly("sms_out 6 USD", "voice_out 10 USD");
    }

    @Test
    void aMessageTheCarrierRefusesIsNotCharged() {
        String refused = api.post(path("/sms/send"), obj("to", "+14155550198", "body", "no")).text("/id");
        deliver();
        assertThat(api.get(path("/sms/messages/" + refused)).text("/status")).isEqualTo("failed");
        assertThat(usage()).isEmpty();
    }

    @Test
    void anInboundMessageIsChargedWhenStored() {
        String id = api.post("/v1/sim/inbound-sms", obj("from", "+14155550111", "to", number, "body", "hi"))
                .text("/message/id");
        assertThat(usage()).extracting(UsageRatingIT::line).containsExactly("sms_in 2 USD");
        assertThat(usage().getFirst().get("e164").asText()).isEqualTo(number);
        assertThat(id).isNotBlank();
    }

    @Test
    void anInboundCallIsChargedPerStartedMinuteWhenItEnds() {
        HeldCalls.route(api, path("/scripts"), number);
        String cid = api.post("/v1/sim/inbound-call", obj("from", "+14155550128", "to", number)).text("/callId");
        // answered, with its answer instant stored, before the fake clock moves (as for the outbound call below)
        Poll.until("call " + cid + " answered", Duration.ofSeconds(10), () -> {
            var call = api.get(path("/voice/calls/" + cid)).json();
            return call.path("status").asText().equals("in-progress") && call.path("answeredAt").isTextual();
        });
        TIMERS.advance(Duration.ofSeconds(61));
        api.post("/v1/sim/calls/" + cid + "/hangup", null);
        Poll.until("call " + cid + " ended", Duration.ofSeconds(10),
                () -> api.get(path("/voice/calls/" + cid)).text("/status").equals("completed"));
        long seconds = api.get(path("/voice/calls/" + cid)).json().get("durationSeconds").asLong();
        assertThat(seconds).isBetween(61L, 120L);
        assertThat(usage()).extracting(UsageRatingIT::line).as("two started minutes × 4").containsExactly("voice_in 8 USD");
        // a second end event (the switch's hangup reported again) finds the call ended: still one charge
        api.post("/v1/sim/calls/" + cid + "/hangup", null);
        assertThat(usage()).hasSize(1);
    }

    @Test
    void anAnsweredOutboundCallIsChargedOnTheCallerIdAndAnUnansweredOneIsNot() {
        String script = api.post(path("/scripts"), obj("name", "remind", "source", """
                export async function onCall(call, ctx) {
                  await call.say('Your appointment is tomorrow at 10.');
                }
                """)).text("/id");
        assertThat(SERVER.operator().put("/v1/sim/voice/targets/14155550222", obj("answer", "busy")).status())
                .isEqualTo(200);
        String busy = api.post(path("/voice/calls"), obj("to", "+14155550222", "from", number, "script", script))
                .text("/id");
        String answered = api.post(path("/voice/calls"), obj("to", "+14155550221", "from", number, "script", script))
                .text("/id");
        // The answer is stored on its own schedule: wait for it before moving time, or a loaded machine stores it
        // after the test has already advanced past the say (answered and ended in the same second: 0 s, no charge).
        Poll.until("call " + answered + " answered", Duration.ofSeconds(20),
                () -> !api.get(path("/voice/calls/" + answered)).json().path("answeredAt").isMissingNode()
                        && !api.get(path("/voice/calls/" + answered)).json().path("answeredAt").isNull());
        // time moves only by the test: a second at a time until the say is over and the script hangs up
        Poll.until("call " + answered + " completed", Duration.ofSeconds(20), () -> {
            TIMERS.advance(Duration.ofSeconds(1));
            return api.get(path("/voice/calls/" + answered)).text("/status").equals("completed");
        });
        Poll.until("call " + busy + " busy", Duration.ofSeconds(10),
                () -> api.get(path("/voice/calls/" + busy)).text("/status").equals("busy"));
        long seconds = api.get(path("/voice/calls/" + answered)).json().get("durationSeconds").asLong();
        assertThat(seconds).isBetween(1L, 60L);
        assertThat(usage()).extracting(UsageRatingIT::line).as("one started minute × 5").containsExactly("voice_out 5 USD");
        assertThat(usage().getFirst().get("e164").asText()).isEqualTo(number);
    }

    @Test
    void theMonthsInvoiceIncludesTheUsage() {
        api.post(path("/sms/send"), obj("to", "+14155550103", "body", "invoice me"));
        deliver();
        api.post("/v1/sim/inbound-sms", obj("from", "+14155550112", "to", number, "body", "and me"));
        String month = TIMERS.clock().instant().toString().substring(0, 7);
        JsonNode inv = api.get(path("/billing/invoices/" + month)).json();
        List<String> kinds = new ArrayList<>();
        inv.get("lines").forEach(l -> kinds.add(l.get("kind").asText() + " " + l.at("/amount/amount").asLong()));
        assertThat(kinds).contains("sms_out 3", "sms_in 2");
        long ledger = 0;
        for (JsonNode c : api.get(path("/billing/charges")).json().get("data")) {
            ledger += c.at("/amount/amount").asLong();
        }
        assertThat(inv.at("/totals/USD").asLong()).isEqualTo(ledger);
    }
}
