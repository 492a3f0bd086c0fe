package dev.cantila.engine.voice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.freeswitch.FakeFreeSwitch;
import dev.cantila.engine.freeswitch.FakeFreeSwitch.Executed;
import dev.cantila.engine.freeswitch.FakeFreeSwitch.Outcome;
import dev.cantila.engine.freeswitch.FreeSwitchSwitch;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.TestServer;
import dev.cantila.webhooks.testing.Receiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls end to end over TCP: a real engine (production routes on an ephemeral port, real timers) whose voice
 * provider is FreeSWITCH, configured with two fake FreeSWITCH nodes ({@code cantila.freeswitch.nodes}); scripts,
 * routing and env through the API; call webhooks delivered to a real receiver. Nothing of the engine is mocked: it
 * talks the event socket to the fakes. {@code op-timeout} is 2 s so a stalled app is given up quickly; every test
 * leaves no channel on either node and no live call in the engine ({@link #nothingLeft}).
 */
class FreeSwitchCallsIT {
    static final FakeFreeSwitch EAST = FakeFreeSwitch.start(FakeFreeSwitch.DEFAULT_PASSWORD, "east");
    static final FakeFreeSwitch WEST = FakeFreeSwitch.start(FakeFreeSwitch.DEFAULT_PASSWORD, "west");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withSettings(Map.of("cantila.telephony.provider", "freeswitch",
            "cantila.freeswitch.nodes.0", EAST.spec("fs1"), "cantila.freeswitch.nodes.1", WEST.spec("fs2"),
            "cantila.freeswitch.reconnect-max", "500ms", "cantila.voice.op-timeout", "2s",
            "cantila.voice.session-grace", "1s"));
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String SALES_SAY = "flite|kal|Thanks for calling. Press 1 for sales, 2 to leave a message.";
    private static CallWatch watch;
    private static Receiver hooks;
    private String project;
    private Api api;
    private String number;

    @BeforeAll
    static void connected() throws IOException {
        EAST.awaitSubscribers(1, WAIT);
        WEST.awaitSubscribers(1, WAIT);
        watch = new CallWatch(SERVER.app());
        hooks = new Receiver();
    }

    @AfterAll
    static void stopFakes() {
        hooks.close();
        EAST.close();
        WEST.close();
    }

    @BeforeEach
    void newProject() {
        var created = SERVER.newProject("fs-calls");
        project = created.id();
        api = created.api();
        number = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
        Resp hook = api.post(path("/webhooks"), obj("url", hooks.url("/hook"), "events", List.of("call.*")));
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
    }

    @AfterEach
    void nothingLeft() {
        EAST.awaitNoChannels(WAIT);
        WEST.awaitNoChannels(WAIT);
        watch.awaitNoLiveCalls();
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    private String routeToScript(String source) {
        Resp script = api.post(path("/scripts"), obj("name", "s" + System.nanoTime(), "source", source));
        assertThat(script.status()).as(script.body()).isEqualTo(201);
        Resp r = api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("voice", Map.of("script",
                script.text("/id"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return script.text("/id");
    }

    private JsonNode call(String cid) {
        return api.get(path("/voice/calls/" + cid)).json();
    }

    private List<String> timeline(String cid) {
        List<String> out = new ArrayList<>();
        call(cid).get("events").forEach(e -> out.add(e.get("type").asText() + ":" + e.path("status").asText("")
                + e.path("detail").asText("")));
        return out;
    }

    /** The logs of the script run for call {@code cid} (recorded before the call leaves the engine). */
    private List<String> logs(String sid, String cid) {
        watch.awaitNoLiveCalls();
        List<String> out = new ArrayList<>();
        api.get(path("/scripts/" + sid + "/executions")).json().get("data").forEach(run -> {
            if (run.get("eventId").asText().equals(cid)) {
                run.at("/detail/logs").forEach(l -> out.add(l.get("text").asText()));
            }
        });
        return out;
    }

    /**
     * Every webhook of call {@code cid} as {@code type#sequence}, in sequence order, once the call has ended: its
     * events are emitted in the status moves' transactions, so after the terminal one, delivering everything due
     * delivers all the call will ever have.
     */
    private List<JsonNode> webhooks(String cid) throws Exception {
        watch.awaitTerminal(cid);
        while (SERVER.app().webhooks().runOnce() > 0) {
            // deliver until nothing is due
        }
        List<JsonNode> events = new ArrayList<>();
        for (Receiver.Hit hit : hooks.hits()) {
            JsonNode e = Api.JSON.readTree(hit.body());
            if (e.get("resourceId").asText().equals(cid)) {
                events.add(e);
            }
        }
        events.sort(Comparator.comparingInt(e -> e.get("sequence").asInt()));
        return events;
    }

    /** The node holding {@code leg} once one does (an originate reaches its node in the background). */
    private static FakeFreeSwitch nodeOf(String leg) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!EAST.exists(leg) && !WEST.exists(leg)) {
            assertThat(System.nanoTime()).as("leg %s on a node", leg).isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
        return EAST.exists(leg) ? EAST : WEST;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText() + "#" + e.get("sequence").asInt()).toList();
    }

    private void assertOneCompletedWebhook(String cid, String cause) throws Exception {
        List<JsonNode> events = webhooks(cid);
        assertThat(types(events)).containsExactly("call.initiated#1", "call.ringing#2", "call.answered#3",
                "call.completed#4");
        assertThat(events.getLast().at("/data/cause").asText()).isEqualTo(cause);
        assertThat(timeline(cid).stream().filter(t -> t.startsWith("status:completed"))).hasSize(1);
    }

    @ParameterizedTest(name = "dialled as {0}")
    @ValueSource(strings = {"+1…", "1…", "national"})
    void theProductIvrForwardsAndEmitsExactlyOneCompletedWebhook(String form) throws Exception {
        api.put(path("/env/SALES"), obj("value", "+14155550101"));
        EAST.bridgeOutcome("+14155550101", Outcome.answered(Duration.ofMillis(300)));
        routeToScript(VoiceIT.IVR);
        String dialled = switch (form) {
            case "+1…" -> number;
            case "1…" -> number.substring(1);
            default -> number.substring(2);
        };

        String leg = EAST.parkInbound("+14155550123", dialled);
        String cid = watch.admitted(leg);
        EAST.awaitExecuted(leg, "speak", WAIT);
        EAST.dtmf(leg, "1");
        // the far end hangs up after 300 ms of talk; the script returns and the engine hangs the caller up
        assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "in-progress", "completed");

        List<Executed> ran = EAST.executed(leg);
        assertThat(ran).extracting(Executed::app).containsExactly("answer", "speak", "bridge");
        assertThat(ran.get(1).arg()).isEqualTo(SALES_SAY);
        assertThat(ran.get(2).arg())
                .matches("\\[leg_timeout=20,origination_uuid=[0-9a-f-]{36}]sofia/gateway/carrier/14155550101");
        JsonNode call = call(cid);
        assertThat(call.get("to").asText()).isEqualTo(number);
        assertThat(call.get("from").asText()).isEqualTo("+14155550123");
        assertThat(call.get("cause").asText()).isEqualTo("NORMAL_CLEARING");
        assertThat(timeline(cid)).containsSubsequence("status:ringing", "status:in-progress", "gather:digits '1'",
                "status:completedNORMAL_CLEARING").anyMatch(t -> t.startsWith("forward:answered by +14155550101"));
        assertOneCompletedWebhook(cid, "NORMAL_CLEARING");
    }

    @Test
    void aForwardNobodyAnswersFallsBackToAStoredVoicemail() throws Exception {
        api.put(path("/env/SALES"), obj("value", "+14155550102"));
        EAST.bridgeOutcome("+14155550102", Outcome.noAnswer());
        EAST.recordOutcome(Duration.ofMillis(4200));
        routeToScript(VoiceIT.IVR);

        String leg = EAST.parkInbound("+14155550124", number);
        String cid = watch.admitted(leg);
        EAST.awaitExecuted(leg, "speak", WAIT);
        EAST.dtmf(leg, "1");
        assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "in-progress", "completed");

        assertThat(EAST.executed(leg)).extracting(Executed::app)
                .containsExactly("answer", "speak", "bridge", "speak", "set", "playback", "record");
        assertThat(EAST.spoken(leg)).last().isEqualTo("Leave a message after the tone.");
        assertThat(timeline(cid)).anyMatch(t -> t.startsWith("forward:no-answer"));
        // stored with what FreeSWITCH reported (record_ms) as its length
        assertThat(api.get(path("/voice/voicemails")).json().get("data")).singleElement().satisfies(vm ->
                assertThat(List.of("callId", "from", "to", "durationMs", "heard")).map(f -> vm.get(f).asText())
                        .containsExactly(cid, "+14155550124", number, "4200", "false"));
        assertThat(EAST.executed(leg).getLast().arg()).contains(cid + "-voicemail-").endsWith(".wav 120 200 5");
        assertOneCompletedWebhook(cid, "NORMAL_CLEARING");
    }

    @Test
    void theCallerHangingUpMidGatherEndsTheScriptsHelpersWithCallEnded() throws Exception {
        String sid = routeToScript(VoiceIT.PIN_THEN_LOG_CALL_ENDED);
        String leg = EAST.parkInbound("+14155550125", number);
        String cid = watch.admitted(leg);
        EAST.awaitExecuted(leg, "speak", WAIT); // the gather is waiting: its prompt plays
        EAST.dtmf(leg, "12");
        EAST.hangup(leg, "NORMAL_CLEARING");

        assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "in-progress", "completed");
        assertThat(logs(sid, cid)).containsExactly("gather: CallEnded", "say: CallEnded");
        assertThat(EAST.spoken(leg)).containsExactly("Your PIN?");
        assertThat(timeline(cid)).noneMatch(t -> t.startsWith("apology"));
        assertOneCompletedWebhook(cid, "NORMAL_CLEARING");
    }

    @Test
    void aStalledAppMissesItsDeadlineAndTheLegIsKilled() throws Exception {
        routeToScript("""
                export async function onCall(call) {
                  await call.say('this never finishes');
                  await call.say('nor is this reached');
                }
                """);
        EAST.stall("speak");
        String leg;
        String cid;
        try {
            leg = EAST.parkInbound("+14155550126", number);
            cid = watch.admitted(leg);
            assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "in-progress", "completed");
            EAST.awaitNoChannels(WAIT);
        } finally {
            EAST.unstall("speak");
        }
        assertThat(EAST.commands()).contains("api uuid_kill " + leg + " RECOVERY_ON_TIMER_EXPIRE");
        assertThat(EAST.spoken(leg)).containsExactly("this never finishes");
        assertThat(call(cid).get("cause").asText()).isEqualTo("RECOVERY_ON_TIMER_EXPIRE");
        assertThat(timeline(cid)).contains("timeout:speak did not complete within PT2S");
        assertOneCompletedWebhook(cid, "RECOVERY_ON_TIMER_EXPIRE");
    }

    @Test
    void aDroppedConnectionIsReplayedAndItsCallsReconciled() throws Exception {
        String sid = routeToScript("""
                export async function onCall(call, ctx) {
                  const digits = await call.gather({ numDigits: 1, timeoutSeconds: 30 })
                      .catch(e => ctx.log.info('ended: ' + e.name));
                  if (digits) await call.say('You pressed ' + digits);
                }
                """);
        String kept = EAST.parkInbound("+14155550127", number);
        String lost = EAST.parkInbound("+14155550128", number);
        String keptId = watch.admitted(kept);
        String lostId = watch.admitted(lost);
        // answered and waiting in the gather: no operation is on the wire
        watch.awaitStatus(keptId, "in-progress");
        watch.awaitStatus(lostId, "in-progress");

        EAST.refuseConnections(true);
        EAST.dropConnections();
        EAST.hangup(lost, "NORMAL_CLEARING"); // its events go nowhere
        EAST.refuseConnections(false);

        assertThat(watch.awaitTerminal(lostId)).containsExactly("ringing", "in-progress", "completed");
        assertThat(call(lostId).get("cause").asText()).isEqualTo(FreeSwitchSwitch.CAUSE_RECONNECT);
        EAST.awaitSubscribers(1, WAIT);
        EAST.dtmf(kept, "7"); // events flow again on the new connection
        assertThat(watch.awaitTerminal(keptId)).containsExactly("ringing", "in-progress", "completed");
        assertThat(EAST.spoken(kept)).containsExactly("You pressed 7");
        assertThat(call(keptId).get("cause").asText()).isEqualTo("NORMAL_CLEARING");
        assertThat(logs(sid, lostId)).containsExactly("ended: CallEnded");
        assertThat(logs(sid, keptId)).isEmpty();
        assertOneCompletedWebhook(lostId, FreeSwitchSwitch.CAUSE_RECONNECT);
        assertOneCompletedWebhook(keptId, "NORMAL_CLEARING");
    }

    @Test
    void aPoundSentAsPercent23EndsTheGather() throws Exception {
        routeToScript("""
                export async function onCall(call) {
                  const pin = await call.gather({ finishOnKey: '#', timeoutSeconds: 30, interDigitTimeoutSeconds: 30 });
                  await call.say('You entered ' + pin);
                }
                """);
        String leg = EAST.parkInbound("+14155550129", number);
        String cid = watch.admitted(leg);
        // on the wire DTMF-Digit: %23; a '#' not decoded would not end the gather, and the 3 would join the PIN
        EAST.dtmf(leg, "12#3", FakeFreeSwitch.DtmfSource.INFO);
        assertThat(watch.awaitTerminal(cid)).containsExactly("ringing", "in-progress", "completed");
        assertThat(EAST.spoken(leg)).containsExactly("You entered 12");
    }

    @Test
    void twoNodesEachRunTheirOwnLegs() throws Exception {
        String sid = routeToScript("""
                export async function onCall(call) {
                  const digits = await call.gather({ numDigits: 1, timeoutSeconds: 30, prompt: { say: 'Press a key' } });
                  await call.say('You pressed ' + digits);
                }
                """);
        String east = EAST.parkInbound("+14155550130", number);
        String west = WEST.parkInbound("+14155550131", number);
        String eastId = watch.admitted(east);
        String westId = watch.admitted(west);
        EAST.awaitExecuted(east, "speak", WAIT);
        WEST.awaitExecuted(west, "speak", WAIT);
        EAST.dtmf(east, "1");
        WEST.dtmf(west, "2");
        assertThat(watch.awaitTerminal(eastId)).containsExactly("ringing", "in-progress", "completed");
        assertThat(watch.awaitTerminal(westId)).containsExactly("ringing", "in-progress", "completed");
        assertThat(EAST.spoken(east)).containsExactly("Press a key", "You pressed 1");
        assertThat(WEST.spoken(west)).containsExactly("Press a key", "You pressed 2");
        assertThat(EAST.commands()).noneMatch(c -> c.contains(west));
        assertThat(WEST.commands()).noneMatch(c -> c.contains(east));

        // outbound calls take turns between the nodes; each leg's commands then go to the node that placed it
        List<String> legs = new ArrayList<>();
        for (String to : List.of("+14155550132", "+14155550133")) {
            Resp dialled = api.post(path("/voice/calls"), obj("to", to, "from", number, "script", sid));
            assertThat(dialled.status()).as(dialled.body()).isEqualTo(201);
            String cid = dialled.text("/id");
            legs.add(SERVER.app().voice().legOf(project, cid));
            FakeFreeSwitch node = nodeOf(legs.getLast());
            node.awaitExecuted(legs.getLast(), "speak", WAIT);
            node.dtmf(legs.getLast(), "3");
            assertThat(watch.awaitTerminal(cid).getLast()).isEqualTo("completed");
            assertThat(node.spoken(legs.getLast())).containsExactly("Press a key", "You pressed 3");
        }
        assertThat(EAST.executed(legs.get(0)).isEmpty()).isNotEqualTo(EAST.executed(legs.get(1)).isEmpty());
        for (String leg : legs) {
            FakeFreeSwitch other = EAST.executed(leg).isEmpty() ? EAST : WEST;
            assertThat(other.commands()).as("leg %s on the other node", leg).noneMatch(c -> c.contains(leg));
        }
    }

    @Test
    void fiftyCallsLeaveNoLiveCallSessionOrChannelBehind() throws Exception {
        routeToScript("""
                export async function onCall(call) {
                  await call.say('hi');
                  const digits = await call.gather({ numDigits: 1, timeoutSeconds: 30 });
                  await call.say('bye ' + digits);
                }
                """);
        List<String> legs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            legs.add((i % 2 == 0 ? EAST : WEST).parkInbound("+1415555" + (2000 + i), number));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < legs.size(); i++) {
            ids.add(watch.admitted(legs.get(i)));
            FakeFreeSwitch node = i % 2 == 0 ? EAST : WEST;
            if (i % 4 < 2) {
                node.dtmf(legs.get(i), "5");
            } else {
                node.hangup(legs.get(i), "NORMAL_CLEARING");
            }
        }
        for (String cid : ids) {
            assertThat(watch.awaitTerminal(cid).getLast())
                    .as(() -> "hung up before or after the answer: " + timeline(cid)).isIn("completed", "canceled");
        }
        watch.awaitNoLiveCalls();
        EAST.awaitNoChannels(WAIT);
        WEST.awaitNoChannels(WAIT);
        assertThat(SERVER.app().voice().calls().liveCalls()).isZero();
        assertThat(api.get(path("/voice/calls?direction=inbound&limit=100")).json().get("data")).hasSize(50);
        assertThat(api.get(path("/voice/calls?status=in-progress")).json().get("data")).isEmpty();
        for (int i = 0; i < legs.size(); i += 4) {
            FakeFreeSwitch node = i % 2 == 0 ? EAST : WEST;
            assertThat(node.spoken(legs.get(i))).containsExactly("hi", "bye 5");
        }
    }
}
