package dev.cantila.engine.voice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.ManualTimers;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import dev.cantila.webhooks.testing.Receiver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls end to end over HTTP on the simulated switch, under manual timers (a 20 s forward timeout costs nothing):
 * the product IVR with its webhooks, forward fallback to voicemail, hangups mid-gather, outbound call states,
 * stalled operations, URL routing, unknown numbers and a leak check.
 */
class VoiceIT {
    static final String IVR = """
            export async function onCall(call, ctx) {
              await call.say('Thanks for calling. Press 1 for sales, 2 to leave a message.');
              const digits = await call.gather({ numDigits: 1, timeoutSeconds: 5 });
              if (digits === '1') {
                const r = await call.forward(ctx.env.SALES, { timeoutSeconds: 20 });
                if (r.status === 'answered') return;
              }
              return call.voicemail({ greeting: 'Leave a message after the tone.', maxSeconds: 120 });
            }
            """;
    /** Waits up to 8 s for a PIN; when the call ends meanwhile, logs what the gather and a later say saw. */
    static final String PIN_THEN_LOG_CALL_ENDED = """
            export async function onCall(call, ctx) {
              try {
                await call.gather({ numDigits: 4, timeoutSeconds: 8, prompt: { say: 'Your PIN?' } });
              } catch (e) {
                ctx.log.info('gather: ' + e.name);
                try { await call.say('anyone?'); } catch (e2) { ctx.log.info('say: ' + e2.name); }
                ctx.kv.set('missed', call.from);
              }
            }
            """;
    static final ManualTimers TIMERS = new ManualTimers(MutableClock.at("2026-11-27T10:00:00Z"));
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(TIMERS, Map.of("cantila.voice.sim.media", "0ms",
            "cantila.voice.sim.speech", "2s", "cantila.voice.sim.talk", "60s", "cantila.voice.op-timeout", "30s",
            "cantila.voice.session-grace", "1s"));
    private static CallWatch watch;
    private final Api operator = SERVER.operator();
    private String project;
    private Api api;
    private String number;

    @BeforeEach
    void newProject() {
        if (watch == null) {
            watch = new CallWatch(SERVER.app());
        }
        var created = SERVER.newProject("voice");
        project = created.id();
        api = created.api();
        number = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    private SimulatedSwitch sim() {
        return SERVER.app().voice().simulator().orElseThrow();
    }

    private String routeToScript(String source) {
        Resp script = api.post(path("/scripts"), obj("name", "ivr" + System.nanoTime(), "source", source));
        assertThat(script.status()).as(script.body()).isEqualTo(201);
        String sid = script.text("/id");
        route(Map.of("script", sid));
        return sid;
    }

    private void route(Map<String, Object> voice) {
        Resp r = api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("voice", voice));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** An inbound call from {@code from}: returns its call id. */
    private String call(String from) {
        Resp r = api.post("/v1/sim/inbound-call", obj("from", from, "to", number));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("admitted").asBoolean()).isTrue();
        return r.text("/callId");
    }

    private String leg(String callId) {
        return SERVER.app().voice().legOf(project, callId);
    }

    private void awaitHeard(String callId, Predicate<List<Map<String, Object>>> condition) throws Exception {
        assertThat(sim().await(leg(callId), condition, Duration.ofSeconds(10)))
                .as("%s", sim().transcript(leg(callId))).isTrue();
    }

    private static Predicate<List<Map<String, Object>>> has(String type, String detail) {
        return lines -> lines.stream().anyMatch(l -> l.get("type").equals(type)
                && (detail == null || String.valueOf(l.get("detail")).contains(detail)));
    }

    /** What the caller heard; for an ended call, once the switch has recorded its hangup (it lands asynchronously). */
    private List<String> heard(String callId) throws InterruptedException {
        String status = api.get(path("/voice/calls/" + callId)).text("/status");
        if (List.of("completed", "busy", "no-answer", "failed", "canceled").contains(status)) {
            sim().await(leg(callId), lines -> lines.stream().anyMatch(l -> "hangup".equals(l.get("type"))
                    || "reject".equals(l.get("type"))), Duration.ofSeconds(5));
        }
        List<String> out = new ArrayList<>();
        api.get("/v1/sim/calls/" + callId).json().get("events").forEach(e -> out.add(e.get("type").asText()
                + (e.has("detail") ? " " + e.get("detail").asText() : "")));
        return out;
    }

    private void press(String callId, String digits) {
        assertThat(api.post("/v1/sim/calls/" + callId + "/dtmf", obj("digits", digits)).status()).isEqualTo(202);
    }

    @Test
    void theProductIvrForwardsAndEmitsExactlyOneCompletedWebhook() throws Exception {
        try (Receiver receiver = new Receiver()) {
            api.post(path("/webhooks"), obj("url", receiver.url("/hook"), "events", List.of("call.*")));
            api.put(path("/env/SALES"), obj("value", "+14155550101"));
            routeToScript(IVR);

            String cid = call("+14155550123");
            assertThat(TIMERS.awaitPending(Duration.ofSeconds(5))).as("waiting in the gather").isTrue();
            press(cid, "1");
            awaitHeard(cid, has("bridged", "+14155550101"));
            TIMERS.advance(Duration.ofSeconds(7));
            assertThat(api.post("/v1/sim/calls/" + cid + "/hangup", obj("side", "far")).status()).isEqualTo(202);

            assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "in-progress", "completed");
            assertThat(heard(cid)).containsSubsequence("answered",
                    "say Thanks for calling. Press 1 for sales, 2 to leave a message.", "dtmf 1",
                    "bridged +14155550101", "unbridged +14155550101", "hangup NORMAL_CLEARING");
            JsonNode call = api.get(path("/voice/calls/" + cid)).json();
            assertThat(call.get("status").asText()).isEqualTo("completed");
            assertThat(call.get("direction").asText()).isEqualTo("inbound");
            assertThat(call.get("from").asText()).isEqualTo("+14155550123");
            assertThat(call.get("durationSeconds").asLong()).isEqualTo(7);
            List<String> timeline = new ArrayList<>();
            call.get("events").forEach(e -> timeline.add(e.get("type").asText() + ":" + e.path("status").asText("")
                    + e.path("detail").asText("")));
            assertThat(timeline).containsSubsequence("status:ringing", "status:in-progress", "gather:digits '1'",
                    "forward:answered by +14155550101, 7 s", "status:completedNORMAL_CLEARING");

            for (int i = 0; i < 5; i++) {
                SERVER.app().webhooks().runOnce();
            }
            List<JsonNode> events = new ArrayList<>();
            for (Receiver.Hit hit : receiver.hits()) {
                events.add(Api.JSON.readTree(hit.body()));
            }
            assertThat(events).extracting(e -> e.get("type").asText() + "#" + e.get("sequence").asInt())
                    .containsExactly("call.initiated#1", "call.ringing#2", "call.answered#3", "call.completed#4");
            JsonNode completed = events.getLast().get("data");
            assertThat(completed.get("durationSeconds").asLong()).isEqualTo(7);
            assertThat(completed.get("cause").asText()).isEqualTo("NORMAL_CLEARING");
            assertThat(events.getLast().get("resourceId").asText()).isEqualTo(cid);
        }
    }

    @Test
    void aRecordingIsListedOnTheCallAndDownloadable() throws Exception {
        routeToScript("""
                export async function onCall(call, ctx) {
                  const id = await call.record({ maxSeconds: 10, beep: false });
                  ctx.log.info('recorded', id);
                }
                """);
        String cid = call("+14155550131");
        awaitHeard(cid, has("record", null));
        TIMERS.advance(Duration.ofSeconds(2)); // the simulated caller speaks for 2 s
        watch.awaitTerminal(cid);

        JsonNode recordings = api.get(path("/voice/calls/" + cid)).json().get("recordings");
        assertThat(recordings).hasSize(1);
        assertThat(recordings.get(0).get("kind").asText()).isEqualTo("record");
        assertThat(recordings.get(0).get("durationMs").asLong()).isEqualTo(2000);
        String url = recordings.get(0).get("audioUrl").asText();
        Resp audio = api.get(url);
        assertThat(audio.status()).isEqualTo(200);
        assertThat(audio.body()).startsWith("RIFF");
        assertThat(api.get(path("/voice/calls/" + cid + "/recordings/rec_unknown/audio")).status()).isEqualTo(404);
        String otherCall = call("+14155550132");
        assertThat(api.get(url.replace(cid, otherCall)).status()).as("a recording of another call").isEqualTo(404);
        sim().hangup(leg(otherCall), false);
        watch.awaitTerminal(otherCall);
    }

    @Test
    void forwardNotAnsweredFallsBackToAVoicemailThatCanBeDownloaded() throws Exception {
        api.put(path("/env/SALES"), obj("value", "+14155550102"));
        assertThat(operator.put("/v1/sim/voice/targets/14155550102", obj("answer", "no-answer")).status()).isEqualTo(200);
        routeToScript(IVR);

        String cid = call("+14155550124");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(5))).isTrue();
        press(cid, "1");
        awaitHeard(cid, has("ringing", "+14155550102"));
        TIMERS.advance(Duration.ofSeconds(20));
        awaitHeard(cid, has("record", null));
        TIMERS.advance(Duration.ofSeconds(2));
        watch.awaitTerminal(cid);

        assertThat(heard(cid)).containsSubsequence("bridge +14155550102 no-answer", "say Leave a message after the tone.",
                "beep", "hangup NORMAL_CLEARING");
        JsonNode list = api.get(path("/voice/voicemails")).json().get("data");
        assertThat(list).hasSize(1);
        JsonNode vm = list.get(0);
        assertThat(vm.get("callId").asText()).isEqualTo(cid);
        assertThat(vm.get("from").asText()).isEqualTo("+14155550124");
        assertThat(vm.get("to").asText()).isEqualTo(number);
        assertThat(vm.get("durationMs").asLong()).isEqualTo(2000);
        assertThat(vm.get("heard").asBoolean()).isFalse();
        String vid = vm.get("id").asText();

        Resp audio = api.get(path("/voice/voicemails/" + vid + "/audio"));
        assertThat(audio.status()).isEqualTo(200);
        assertThat(audio.body()).startsWith("RIFF");
        assertThat(api.post(path("/voice/voicemails/" + vid + "/heard"), null).json().get("heard").asBoolean()).isTrue();
        assertThat(api.get(path("/voice/voicemails?heard=false")).json().get("data")).isEmpty();
        assertThat(api.delete(path("/voice/voicemails/" + vid)).status()).isEqualTo(204);
        assertThat(api.get(path("/voice/voicemails/" + vid)).status()).isEqualTo(404);
        Resp gone = api.get(path("/voice/voicemails/" + vid + "/audio"));
        assertThat(gone.status()).isEqualTo(404);
    }

    @Test
    void callerHangingUpMidGatherRejectsTheScriptWithCallEnded() throws Exception {
        String sid = routeToScript(PIN_THEN_LOG_CALL_ENDED);
        String cid = call("+14155550125");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(8))).isTrue();
        press(cid, "12");
        assertThat(api.post("/v1/sim/calls/" + cid + "/hangup", null).status()).isEqualTo(202);

        assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "in-progress", "completed");
        watch.awaitNoLiveCalls();
        JsonNode run = api.get(path("/scripts/" + sid + "/executions")).json().get("data").get(0);
        assertThat(run.get("eventType").asText()).isEqualTo("call");
        assertThat(run.get("outcome").asText()).isEqualTo("ok");
        List<String> logs = new ArrayList<>();
        run.at("/detail/logs").forEach(l -> logs.add(l.get("text").asText()));
        assertThat(logs).containsExactly("gather: CallEnded", "say: CallEnded");
        assertThat(api.get(path("/voice/calls/" + cid)).json().get("events").toString()).doesNotContain("apology");
    }

    @Test
    void aScriptErrorPlaysTheApologyAndHangsUp() throws Exception {
        routeToScript("""
                export async function onCall(call) {
                  await call.say('Hello');
                  throw new Error('boom');
                }
                """);
        String cid = call("+14155550126");
        assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "in-progress", "completed");
        assertThat(heard(cid)).containsSubsequence("say Hello",
                "say We are sorry, an application error occurred. Goodbye.", "hangup NORMAL_CLEARING");
    }

    @Test
    void aStalledOperationHitsItsDeadlineAndTheLegIsKilled() throws Exception {
        routeToScript("""
                export async function onCall(call) {
                  await call.gather({ numDigits: 1, timeoutSeconds: 9 });
                  await call.say('this never finishes');
                  await call.say('nor is this reached');
                }
                """);
        String cid = call("+14155550127");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(9))).isTrue();
        // the gather's timer can be armed before the lazy answer completes: stall the say, not the answer, and let
        // the answer's own 30 s deadline be cancelled first, so the one 30 s timer below is the say's
        assertThat(sim().await(leg(cid), has("answered", null), Duration.ofSeconds(10))).isTrue();
        assertThat(TIMERS.awaitNotPending(Duration.ofSeconds(30))).as("the answer's deadline cancelled").isTrue();
        sim().stallNext(leg(cid));
        TIMERS.advance(Duration.ofSeconds(9));
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(30))).as("the say's deadline").isTrue();
        TIMERS.advance(Duration.ofSeconds(30));

        assertThat(watch.awaitTerminal(cid)).as("%s", heard(cid)).containsExactly("ringing", "in-progress", "completed");
        JsonNode call = api.get(path("/voice/calls/" + cid)).json();
        assertThat(call.get("cause").asText()).isEqualTo("RECOVERY_ON_TIMER_EXPIRE");
        assertThat(call.get("events").toString()).contains("speak did not complete within PT30S");
        assertThat(heard(cid)).containsSubsequence("stalled", "hangup RECOVERY_ON_TIMER_EXPIRE");
        watch.awaitNoLiveCalls();
    }

    @Test
    void voicemailRouteAndNationalDialledNumbers() throws Exception {
        route(Map.of("voicemail", true));
        Resp r = api.post("/v1/sim/inbound-call", obj("from", "+14155550128", "to", number.substring(2)));
        assertThat(r.json().get("admitted").asBoolean()).as(r.body()).isTrue();
        String cid = r.text("/callId");
        awaitHeard(cid, has("record", null));
        TIMERS.advance(Duration.ofSeconds(1));
        api.post("/v1/sim/calls/" + cid + "/hangup", null);
        watch.awaitTerminal(cid);
        watch.awaitNoLiveCalls(); // a call leaves only once its recordings are stored
        JsonNode vm = api.get(path("/voice/voicemails")).json().get("data").get(0);
        assertThat(vm.get("callId").asText()).isEqualTo(cid);
        assertThat(api.get(path("/voice/calls/" + cid)).json().get("route").asText()).isEqualTo("voicemail");

        Resp plusless = api.post("/v1/sim/inbound-call", obj("from", "+14155550128", "to", number.substring(1)));
        assertThat(plusless.json().get("admitted").asBoolean()).isTrue();
        api.post("/v1/sim/calls/" + plusless.text("/callId") + "/hangup", null);
        watch.awaitTerminal(plusless.text("/callId"));
    }

    @Test
    void unknownNumbersAreRefusedAndUnroutedNumbersFail() throws Exception {
        Resp unknown = operator.post("/v1/sim/inbound-call", obj("from", "+14155550129", "to", "+15005550999"));
        assertThat(unknown.status()).isEqualTo(201);
        assertThat(unknown.json().get("admitted").asBoolean()).isFalse();
        assertThat(unknown.text("/reason")).as("a refused call says why").isEqualTo("number_not_held");
        assertThat(unknown.text("/cause")).isEqualTo("UNALLOCATED_NUMBER");
        assertThat(unknown.text("/message")).contains("+15005550999");
        assertThat(sim().await(unknown.text("/legId"), has("hangup", "UNALLOCATED_NUMBER"), Duration.ofSeconds(10)))
                .isTrue();
        assertThat(api.post("/v1/sim/inbound-call", obj("from", "+14155550129", "to", "+15005550999")).status())
                .as("a project key may only call its own numbers").isEqualTo(403);

        String cid = call("+14155550129");
        assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "failed");
        assertThat(api.get(path("/voice/calls/" + cid)).json().get("cause").asText()).isEqualTo("NO_ROUTE_DESTINATION");
        assertThat(heard(cid)).contains("hangup NO_ROUTE_DESTINATION");
    }

    @Test
    void anAdmittedCallStaysAdmittedAfterItEnded() throws Exception {
        // the simulation API asks for a call's admission after the switch parked it; an unrouted call can be
        // admitted, refused with NO_ROUTE_DESTINATION and released before that question is asked (a loaded CI run
        // answered "admitted: false" for such a call once)
        String cid = call("+14155550130");
        assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "failed");
        String leg = leg(cid);
        assertThat(SERVER.app().voice().calls().admission(leg)).as("admission of an ended call")
                .hasValueSatisfying(f -> assertThat(f.getNow("pending")).isEqualTo(cid));
        assertThat(SERVER.app().voice().calls().admission("no-such-leg")).isEmpty();
    }

    @Test
    void aUrlRouteRunsTheJsonActionsAndGetsTheDigitsBack() throws Exception {
        List<JsonNode> posts = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> signatures = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/voice", exchange -> {
            JsonNode event = Api.JSON.readTree(exchange.getRequestBody().readAllBytes());
            posts.add(event);
            signatures.add(exchange.getRequestHeaders().getFirst("Cantila-Signature"));
            String answer = event.get("type").asText().equals("call.incoming")
                    ? "{\"actions\":[{\"say\":\"Welcome\"},{\"gather\":{\"numDigits\":1,\"timeoutSeconds\":5}},"
                    + "{\"say\":\"not reached\"}]}"
                    : "{\"actions\":[{\"say\":{\"text\":\"You pressed " + event.at("/data/digits").asText()
                    + "\"}},{\"bogus\":1},{\"hangup\":{}}]}";
            byte[] body = answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.start();
        try {
            route(Map.of("url", "http://127.0.0.1:" + app.getAddress().getPort() + "/voice"));
            String cid = call("+14155550130");
            assertThat(TIMERS.awaitPending(Duration.ofSeconds(5))).isTrue();
            press(cid, "7");
            assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "in-progress", "completed");

            assertThat(heard(cid)).containsSubsequence("say Welcome", "dtmf 7", "say You pressed 7", "hangup NORMAL_CLEARING")
                    .doesNotContain("say not reached");
            assertThat(posts).extracting(p -> p.get("type").asText()).containsExactly("call.incoming", "call.gather");
            assertThat(posts.get(0).at("/data/id").asText()).isEqualTo(cid);
            assertThat(signatures).allSatisfy(sig -> assertThat(sig).isNotBlank());
        } finally {
            app.stop(0);
        }
    }

    @Test
    void aUrlThatFailsGetsTheApology() throws Exception {
        route(Map.of("url", "http://127.0.0.1:9/nothing-listens"));
        String cid = call("+14155550131");
        watch.awaitTerminal(cid);
        assertThat(heard(cid)).containsSubsequence("say We are sorry, an application error occurred. Goodbye.",
                "hangup NORMAL_CLEARING");
    }

    @Test
    void manyCallsLeaveNoLiveSessionBehind() throws Exception {
        routeToScript("""
                export async function onCall(call) {
                  await call.say('hi');
                  await call.gather({ numDigits: 1, timeoutSeconds: 4 });
                }
                """);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String cid = call("+1415555014" + (i % 10));
            ids.add(cid);
            if (i % 2 == 0) {
                press(cid, "5");
            } else {
                api.post("/v1/sim/calls/" + cid + "/hangup", null);
            }
        }
        for (String cid : ids) {
            assertThat(watch.awaitTerminal(cid).getLast()).as("hung up before or after the answer")
                    .isIn("completed", "canceled");
        }
        watch.awaitNoLiveCalls();
        assertThat(SERVER.app().voice().calls().liveCalls()).isZero();
        assertThat(api.get(path("/voice/calls?direction=inbound&limit=100")).json().get("data")).hasSize(20);
        assertThat(api.get(path("/voice/calls?status=in-progress")).json().get("data")).isEmpty();
    }
}
