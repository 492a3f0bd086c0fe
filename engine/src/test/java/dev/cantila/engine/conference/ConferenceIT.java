package dev.cantila.engine.conference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.ManualTimers;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.Poll;
import dev.cantila.engine.testing.TestServer;
import dev.cantila.engine.voice.SimulatedSwitch;
import dev.cantila.webhooks.testing.Receiver;
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
 * Conferences end to end over HTTP on the simulated switch: a host-started conference (the others wait, hearing the
 * wait audio), who hears whom, mute and kick through the API, the host leaving ends it for everyone, the
 * {@code conference.*} webhooks with their order and payloads, a full room, a participant added by dialling out, and
 * the API's refusals.
 */
class ConferenceIT {
    static final String ROOM = """
            export async function onCall(call, ctx) {
              const host = call.from === ctx.env.HOST;
              const r = await call.conference('standup', { startOnEnter: host, endOnExit: host,
                waitUrl: 'https://example.com/wait.mp3', maxParticipants: Number(ctx.env.MAX || 250) });
              await call.say('Goodbye ' + r.reason);
            }
            """;
    static final ManualTimers TIMERS = new ManualTimers(MutableClock.at("2026-12-03T10:00:00Z"));
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(TIMERS, Map.of("cantila.voice.sim.media", "0ms",
            "cantila.voice.op-timeout", "30s", "cantila.voice.session-grace", "1s"));
    private static final String HOST = "+14155550190";
    private String project;
    private Api api;
    private String number;

    @BeforeEach
    void newProject() {
        var created = SERVER.newProject("conference");
        project = created.id();
        api = created.api();
        number = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
        api.put(path("/env/HOST"), obj("value", HOST));
        Resp script = api.post(path("/scripts"), obj("name", "room", "source", ROOM));
        assertThat(script.status()).as(script.body()).isEqualTo(201);
        Resp r = api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("voice",
                Map.of("script", script.text("/id"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void theHostStartsItEveryoneHearsTheUnmutedAndTheHostLeavingEndsIt() throws Exception {
        try (Receiver receiver = new Receiver()) {
            api.post(path("/webhooks"), obj("url", receiver.url("/hook"), "events", List.of("conference.*")));
            String a = call("+14155550101");
            awaitHeard(a, "wait", "https://example.com/wait.mp3");
            String b = call("+14155550102");
            awaitHeard(b, "wait", "https://example.com/wait.mp3");
            JsonNode waiting = api.get(path("/voice/conferences/standup")).json();
            assertThat(waiting.get("status").asText()).isEqualTo("init");
            assertThat(statuses(waiting)).containsExactly(a + ":waiting", b + ":waiting");

            speak(a, "is anyone there");
            awaitHeard(a, "unheard", "not started");

            String host = call(HOST);
            awaitHeard(a, "conference-start", host);
            awaitHeard(b, "conference-start", host);
            JsonNode started = api.get(path("/voice/conferences/standup")).json();
            assertThat(started.get("status").asText()).isEqualTo("in-progress");
            assertThat(started.get("live").asInt()).isEqualTo(3);
            assertThat(statuses(started)).containsExactly(a + ":joined", b + ":joined", host + ":joined");

            speak(a, "good morning");
            awaitHeard(b, "hears", a + ": good morning");
            awaitHeard(host, "hears", a + ": good morning");

            Resp muted = api.post(path("/voice/conferences/standup/participants/" + a), obj("muted", true));
            assertThat(muted.status()).as(muted.body()).isEqualTo(200);
            assertThat(muted.json().get("muted").asBoolean()).isTrue();
            awaitHeard(a, "muted", null);
            speak(a, "secret");
            awaitHeard(a, "unheard", "muted");
            speak(host, "let us begin");
            awaitHeard(a, "hears", host + ": let us begin");
            assertThat(heard(b)).doesNotContain("hears " + a + ": secret").contains("hears " + host + ": let us begin");
            assertThat(api.post(path("/voice/conferences/standup/participants/" + a), obj("muted", true)).status())
                    .as("the same value again").isEqualTo(200);

            Resp kicked = api.delete(path("/voice/conferences/standup/participants/" + b));
            assertThat(kicked.status()).as(kicked.body()).isEqualTo(200);
            assertThat(kicked.json().get("status").asText()).isEqualTo("left");
            assertThat(kicked.json().get("leaveReason").asText()).isEqualTo("kicked");
            awaitHeard(b, "say", "Goodbye kicked");
            assertThat(api.delete(path("/voice/conferences/standup/participants/" + b)).text("/error/code"))
                    .isEqualTo("participant_left");

            sim().hangup(leg(host), false);
            awaitHeard(a, "say", "Goodbye conference-ended");
            Poll.until("the conference completed", Duration.ofSeconds(10), () -> api.get(
                    path("/voice/conferences/standup")).text("/status").equals("completed"));
            JsonNode ended = api.get(path("/voice/conferences/standup")).json();
            assertThat(ended.get("endReason").asText()).isEqualTo("participant-ended-conference");
            assertThat(ended.get("live").asInt()).isZero();
            assertThat(reasons(ended)).containsExactlyInAnyOrder(a + ":conference-ended", b + ":kicked",
                    host + ":hangup");
            assertThat(api.post(path("/voice/conferences/standup/participants/" + a), obj("muted", false))
                    .text("/error/code")).isEqualTo("conference_ended");

            List<JsonNode> events = deliver(receiver, 9);
            assertThat(events).extracting(e -> e.get("type").asText() + " " + e.get("data").path("callId").asText(""))
                    .startsWith("conference.participant-join " + a, "conference.participant-join " + b,
                            "conference.participant-join " + host, "conference.start ",
                            "conference.participant-mute " + a, "conference.participant-leave " + b)
                    .endsWith("conference.end ")
                    .contains("conference.participant-leave " + host, "conference.participant-leave " + a);
            assertThat(events).allMatch(e -> e.get("resourceId").asText().equals(ended.get("id").asText()));
            JsonNode start = events.get(3).get("data");
            assertThat(start.get("name").asText()).isEqualTo("standup");
            assertThat(start.get("participants").asInt()).isEqualTo(3);
            assertThat(events.get(4).get("data").get("muted").asBoolean()).isTrue();
            assertThat(events.getLast().get("data").get("endReason").asText()).isEqualTo("participant-ended-conference");

            JsonNode list = api.get(path("/voice/conferences?status=completed")).json();
            assertThat(list.get("data")).extracting(c -> c.get("name").asText()).containsExactly("standup");

            String again = call("+14155550103");
            awaitHeard(again, "wait", null);
            JsonNode second = api.get(path("/voice/conferences/standup")).json();
            assertThat(second.get("id").asText()).as("a name reused after the end is a new conference")
                    .isNotEqualTo(ended.get("id").asText());
            assertThat(api.get(path("/voice/conferences")).json().get("data")).hasSize(2);
            sim().hangup(leg(again), false);
            Poll.until("the second one completed", Duration.ofSeconds(10), () -> api.get(
                    path("/voice/conferences/standup")).text("/endReason").equals("last-participant-left"));
        }
    }

    @Test
    void aFullRoomTurnsTheCallerAwayAndKickingTheHostEndsIt() throws Exception {
        api.put(path("/env/MAX"), obj("value", "2"));
        String host = call(HOST);
        awaitHeard(host, "conference", null);
        String b = call("+14155550102");
        awaitHeard(b, "conference", null);
        String c = call("+14155550103");
        awaitHeard(c, "say", "Goodbye full");
        assertThat(api.get(path("/voice/conferences/standup/participants")).json().get("data")).hasSize(2);
        assertThat(api.delete(path("/voice/conferences/standup/participants/" + host)).status()).isEqualTo(200);
        awaitHeard(b, "say", "Goodbye conference-ended");
        assertThat(heard(b)).as("the host was kicked, not b").contains("conference-left conference-ended")
                .doesNotContain("conference-left kicked");
        assertThat(heard(host)).contains("conference-left kicked");
    }

    @Test
    void theApiRefusesWhatItCannotDo() {
        assertThat(api.get(path("/voice/conferences/nothing-here")).text("/error/code")).isEqualTo("not_found");
        assertThat(api.get(path("/voice/conferences/" + "x".repeat(129))).text("/error/field")).isEqualTo("name");
        assertThat(api.get(path("/voice/conferences?status=open")).text("/error/field")).isEqualTo("status");
        String p = path("/voice/conferences/standup/participants/call_nobody");
        assertThat(api.post(p, obj("muted", "yes")).text("/error/field")).isEqualTo("muted");
        assertThat(api.post(p, obj("mute", true)).text("/error/code")).isEqualTo("unknown_field");
        assertThat(api.post(p, obj()).text("/error/field")).isEqualTo("muted");
        assertThat(api.post(p, obj("muted", true)).status()).isEqualTo(404);
        assertThat(api.delete(p).status()).isEqualTo(404);
        Api other = SERVER.newProject("other").api();
        assertThat(other.get(path("/voice/conferences")).status()).isIn(403, 404);
    }

    // ---- helpers ----

    @Test
    void aParticipantAddedByTheApiIsDialledAndJoinsOnceAnswered() throws Exception {
        String host = call(HOST);
        awaitHeard(host, "conference", null);
        String participants = path("/voice/conferences/standup/participants");
        Resp added = api.post(participants, obj("to", "+14155550611", "from", number, "muted", true, "timeout", 20));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String cid = added.text("/callId");
        assertThat(added.text("/status")).isEqualTo("queued");
        assertThat(added.text("/to")).isEqualTo("+14155550611");
        assertThat(added.json().get("startOnEnter").asBoolean()).isTrue();
        assertThat(added.json().get("timeoutSeconds").asInt()).isEqualTo(20);
        awaitHeard(cid, "conference", null);
        JsonNode in = Poll.until("the dialled call joined", Duration.ofSeconds(10), () -> {
            for (JsonNode p : api.get(participants).json().get("data")) {
                if (p.get("callId").asText().equals(cid) && p.get("status").asText().equals("joined")) {
                    return p;
                }
            }
            return null;
        });
        assertThat(in.get("muted").asBoolean()).isTrue();
        JsonNode dialled = api.get(path("/voice/calls/" + cid)).json();
        assertThat(dialled.get("direction").asText()).isEqualTo("outbound");
        assertThat(dialled.get("route").asText()).isEqualTo("conference");
        assertThat(dialled.get("status").asText()).isEqualTo("in-progress");

        assertThat(api.delete(participants + "/" + cid).status()).isEqualTo(200);
        Poll.until("the kicked call ended", Duration.ofSeconds(10), () -> api.get(path("/voice/calls/" + cid)).json()
                .get("status").asText().equals("completed"));
        assertThat(api.get(path("/voice/conferences/standup")).json().get("status").asText()).isEqualTo("in-progress");
    }

    @Test
    void addingAParticipantIsRefusedInTheOneErrorShape() {
        String participants = path("/voice/conferences/standup/participants");
        assertError(api.post(participants, obj("to", "+14155550611", "from", number, "record", true)), 400,
                "unknown_field", "record");
        assertError(api.post(participants, obj("to", "+14155550611", "from", "+14155550999")), 422, "number_not_held",
                "from");
        assertError(api.post(participants, obj("to", "not a number", "from", number)), 400, null, "to");
        assertError(api.post(participants, obj("to", "+14155550611", "from", number, "timeout", 3)), 400, null,
                "timeout");
        assertError(api.post(participants, obj("to", "+14155550611", "from", number, "muted", "yes")), 400, null,
                "muted");
        assertError(api.post(participants, obj("from", number)), 400, null, "to");
        var other = SERVER.newProject("intruder");
        Resp foreign = other.api().post(participants, obj("to", "+14155550611", "from", number));
        assertThat(foreign.status()).as(foreign.body()).isBetween(403, 404);
        assertThat(foreign.json().path("error").path("code").asText()).isNotEmpty();
    }

    private static void assertError(Resp r, int status, String code, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        if (code != null) {
            assertThat(r.text("/error/code")).isEqualTo(code);
        }
        assertThat(r.text("/error/field")).isEqualTo(field);
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    private SimulatedSwitch sim() {
        return SERVER.app().voice().simulator().orElseThrow();
    }

    private String leg(String callId) {
        return SERVER.app().voice().legOf(project, callId);
    }

    private String call(String from) {
        Resp r = api.post("/v1/sim/inbound-call", obj("from", from, "to", number));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.text("/callId");
    }

    private void speak(String callId, String text) {
        assertThat(api.post("/v1/sim/calls/" + callId + "/speech", obj("text", text)).status()).isEqualTo(202);
    }

    private void awaitHeard(String callId, String type, String detail) throws InterruptedException {
        assertThat(sim().await(leg(callId), lines -> lines.stream().anyMatch(l -> l.get("type").equals(type)
                && (detail == null || String.valueOf(l.get("detail")).contains(detail))), Duration.ofSeconds(10)))
                .as("%s hears %s %s: %s", callId, type, detail, sim().transcript(leg(callId))).isTrue();
    }

    private List<String> heard(String callId) {
        List<String> out = new ArrayList<>();
        api.get("/v1/sim/calls/" + callId).json().get("events").forEach(e -> out.add(e.get("type").asText()
                + (e.has("detail") ? " " + e.get("detail").asText() : "")));
        return out;
    }

    private static List<String> statuses(JsonNode conference) {
        List<String> out = new ArrayList<>();
        conference.get("participants").forEach(p -> out.add(p.get("callId").asText() + ":" + p.get("status").asText()));
        return out;
    }

    private static List<String> reasons(JsonNode conference) {
        List<String> out = new ArrayList<>();
        conference.get("participants").forEach(p -> out.add(p.get("callId").asText() + ":"
                + p.get("leaveReason").asText()));
        return out;
    }

    private static List<JsonNode> deliver(Receiver receiver, int atLeast) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        Poll.until(atLeast + " conference events delivered", Duration.ofSeconds(10), () -> {
            SERVER.app().webhooks().runOnce();
            return receiver.hits().size() >= atLeast;
        });
        for (Receiver.Hit hit : receiver.hits()) {
            events.add(Api.JSON.readTree(hit.body()));
        }
        return events;
    }
}
