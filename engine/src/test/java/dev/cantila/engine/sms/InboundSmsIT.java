package dev.cantila.engine.sms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.SimulatedCarrier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** Inbound SMS through the simulated carrier: storage, keywords with their replies, threads, and the sim API. */
class InboundSmsIT {
    private static final MutableClock CLOCK = MutableClock.at("2026-11-27T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);
    private final Api operator = SERVER.operator();
    private String project;
    private Api api;
    private String number;

    @BeforeEach
    void newProject() {
        Resp created = operator.post("/v1/projects", obj("name", "Bakery", "helpText", "Call us at 555-0100."));
        project = created.text("/id");
        api = operator.as(created.text("/apiKey"));
        number = SmsFixtures.activate(SERVER.app(), project);
    }

    private Resp inbound(String from, String body) {
        return api.post("/v1/sim/inbound-sms", obj("from", from, "to", number, "body", body));
    }

    private String path(String rest) {
        return "/v1/projects/" + project + "/sms" + rest;
    }

    @Test
    void storesInboundAndListsNewestFirst() {
        Resp r = inbound("+14155550111", "hours?");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.text("/message/direction")).isEqualTo("inbound");
        assertThat(r.text("/message/status")).isEqualTo("received");
        assertThat(r.text("/threadId")).isEqualTo(number + ":+14155550111");
        assertThat(r.json().get("keyword").isNull()).isTrue();
        inbound("(415) 555-0112", "second");
        JsonNode list = api.get(path("/inbound")).json().get("data");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("from").asText()).as("national form read in the number's country")
                .isEqualTo("+14155550112");
        assertThat(list.get(1).get("body").asText()).isEqualTo("hours?");
    }

    @Test
    void stopOptsOutWithAConfirmationAndStartOptsBackIn() {
        Resp stop = inbound("+14155550121", "  stop ");
        assertThat(stop.text("/keyword")).isEqualTo("opt_out");
        assertThat(stop.text("/autoReply/to")).isEqualTo("+14155550121");
        assertThat(stop.text("/autoReply/body")).contains("unsubscribed").contains("Bakery");
        Resp blocked = api.post(path("/send"), obj("to", "+14155550121", "body", "sale!"));
        assertThat(blocked.status()).isEqualTo(422);
        assertThat(blocked.errorCode()).isEqualTo("recipient_opted_out");

        assertThat(inbound("+14155550121", "STOP sending me stuff").json().get("keyword").isNull())
                .as("a sentence is not a keyword").isTrue();
        for (String word : List.of("STOPALL", "Unsubscribe", "cancel", "END", "quit", "REVOKE", "optout")) {
            assertThat(inbound("+14155550122", word).text("/keyword")).as(word).isEqualTo("opt_out");
        }

        Resp start = inbound("+14155550121", "Start");
        assertThat(start.text("/keyword")).isEqualTo("opt_in");
        assertThat(start.text("/autoReply/body")).contains("resubscribed");
        assertThat(api.post(path("/send"), obj("to", "+14155550121", "body", "welcome back")).status()).isEqualTo(201);
    }

    @Test
    void theStopConfirmationIsDeliveredAndWhatWasQueuedBeforeTheStopFailsAsOptedOut() {
        String queued = api.post(path("/send"), obj("to", "+14155550125", "body", "sale!")).text("/id");
        Resp stop = inbound("+14155550125", "STOP");
        String confirmation = stop.text("/autoReply/id");

        SERVER.app().sms().dispatchOnce();
        CLOCK.advance(Duration.ofSeconds(10));
        SimulatedCarrier carrier = (SimulatedCarrier) SERVER.app().carrier();
        carrier.reportDue();
        carrier.reportDue();

        Resp reply = api.get(path("/messages/" + confirmation));
        assertThat(reply.text("/status")).as(reply.body()).isEqualTo("delivered");
        assertThat(Database.one(SERVER.app().database().exec(), "SELECT to_e164 FROM sim_carrier_submissions"
                + " WHERE message_id = ?", r -> Database.str(r, "to_e164"), confirmation))
                .as("the confirmation reached the handset").contains("+14155550125");
        Resp blocked = api.get(path("/messages/" + queued));
        assertThat(blocked.text("/status")).as(blocked.body()).isEqualTo("failed");
        assertThat(blocked.text("/errorCode")).isEqualTo("recipient_opted_out");
        CLOCK.advance(Duration.ofMinutes(1));
        assertThat(SERVER.app().sms().dispatchOnce()).as("nothing left in sending to take again").isZero();
    }

    @Test
    void helpRepliesWithTheProjectsHelpText() {
        Resp help = inbound("+14155550131", "HELP");
        assertThat(help.text("/keyword")).isEqualTo("help");
        assertThat(help.text("/autoReply/body")).isEqualTo("Bakery: Call us at 555-0100.");
        assertThat(inbound("+14155550131", "info").text("/keyword")).isEqualTo("help");
    }

    @Test
    void helpFromSomeoneWhoOptedOutIsStillAnswered() {
        inbound("+14155550133", "STOP");
        Resp help = inbound("+14155550133", "HELP");
        assertThat(help.status()).as(help.body()).isEqualTo(201);
        assertThat(help.text("/autoReply/body")).isEqualTo("Bakery: Call us at 555-0100.");
        SERVER.app().sms().dispatchOnce();
        assertThat(api.get(path("/messages/" + help.text("/autoReply/id"))).text("/status")).isNotEqualTo("failed");
    }

    @Test
    void threadsPairTheProjectNumberWithEachRemoteInOrder() {
        api.post(path("/send"), obj("to", "+14155550141", "body", "Your table is ready"));
        inbound("+14155550141", "On my way");
        api.post(path("/send"), obj("to", "+14155550141", "body", "See you"));
        inbound("+14155550142", "other person");

        JsonNode threads = api.get(path("/threads")).json().get("data");
        assertThat(threads).hasSize(2);
        JsonNode first = threads.get(1).get("remote").asText().equals("+14155550141") ? threads.get(1) : threads.get(0);
        assertThat(first.get("messages").asInt()).isEqualTo(3);
        assertThat(first.get("inbound").asInt()).isEqualTo(1);
        assertThat(first.get("outbound").asInt()).isEqualTo(2);
        assertThat(first.get("local").asText()).isEqualTo(number);

        Resp threadResp = api.get(path("/threads/%2B14155550141"));
        JsonNode thread = threadResp.json().get("data");
        assertThat(thread).as(threadResp.status() + " [" + threadResp.body() + "]").isNotNull();
        List<String> bodies = new ArrayList<>();
        thread.forEach(m -> bodies.add(m.get("body").asText()));
        assertThat(bodies).containsExactly("Your table is ready", "On my way", "See you");
        assertThat(api.get(path("/threads/14155550141?limit=2")).json().get("data")).hasSize(2);
        assertThat(api.get(path("/threads/notanumber")).status()).isEqualTo(400);
    }

    @Test
    void simulatorChecksInputAndWhoMayInject() {
        Resp unknown = api.post("/v1/sim/inbound-sms", obj("from", "+14155550151", "to", "+14155559876", "body", "x"));
        assertThat(unknown.status()).as(unknown.body()).isIn(403, 404);
        assertThat(operator.post("/v1/sim/inbound-sms", obj("from", "+14155550151", "to", "+14155559876", "body", "x"))
                .status()).isEqualTo(404);
        Resp other = operator.post("/v1/projects", obj("name", "other"));
        assertThat(operator.as(other.text("/apiKey")).post("/v1/sim/inbound-sms",
                obj("from", "+14155550151", "to", number, "body", "x")).status()).isEqualTo(403);
        assertThat(operator.as(null).post("/v1/sim/inbound-sms", obj("from", "+1", "to", number, "body", "x")).status())
                .isEqualTo(401);
        assertThat(api.post("/v1/sim/inbound-sms", "{").errorCode()).isEqualTo("invalid_json");
        Resp noFrom = api.post("/v1/sim/inbound-sms", obj("to", number, "body", "x"));
        assertThat(noFrom.status()).isEqualTo(400);
        assertThat(noFrom.text("/error/field")).isEqualTo("from");
        assertThat(operator.as(other.text("/apiKey")).get(path("/inbound")).status()).isEqualTo(403);
    }
}
