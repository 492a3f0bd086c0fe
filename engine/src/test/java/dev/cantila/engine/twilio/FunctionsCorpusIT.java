package dev.cantila.engine.twilio;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.ManualTimers;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.Poll;
import dev.cantila.engine.testing.TestServer;
import dev.cantila.scripts.cli.FunctionsFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Functions corpus ({@code src/test/resources/functions}: projects written the way Twilio's documentation writes
 * them) uploaded through the scripts API with several files and run unmodified on a number of the simulated switch:
 * hello voice and messaging, forward a call and a message, an IVR whose Gather posts to its sibling function, a
 * blocklist kept in a private function and a private asset, a hunt group driven by DialCallStatus, a find-me/follow-me
 * whose numbers hear a whisper ({@code <Number url>}) on their own legs, and a PIN-gated conference. The test checks
 * what the caller and the called handsets heard or received, and what the execution log says.
 */
class FunctionsCorpusIT {
    static final ManualTimers TIMERS = new ManualTimers(MutableClock.at("2026-12-03T10:00:00Z"));
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(TIMERS, Map.of("cantila.voice.sim.media", "0ms",
            "cantila.voice.sim.talk", "60s", "cantila.voice.op-timeout", "30s", "cantila.voice.session-grace", "1s"));
    private static final String AGENT = "+14155550101";

    private TwilioProject twilio;
    private String project;
    private Api api;
    private SimPhone phone;

    @BeforeEach
    void setUp() {
        twilio = TwilioProject.create(SERVER, "functions-corpus");
        project = twilio.id();
        api = twilio.api();
        phone = new SimPhone(api, twilio.number());
    }

    /** Uploads the corpus project {@code name} as a script; returns its id. */
    static String upload(Api api, String project, String name) throws Exception {
        Path folder = Path.of(FunctionsCorpusIT.class.getResource("/functions/" + name).toURI());
        List<Map<String, String>> files = new ArrayList<>();
        FunctionsFolder.read(folder).files().forEach((p, c) -> files.add(Map.of("path", p, "content", c)));
        Api.Resp r = api.post("/v1/projects/" + project + "/scripts", obj("name", name, "files", files));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.text("/id");
    }

    private void route(String script, String smsPath, String voicePath) {
        Api.Resp r = api.put("/v1/numbers/" + twilio.number().substring(1) + "/routing", obj(
                "sms", smsPath == null ? null : Map.of("script", script, "path", smsPath),
                "voice", voicePath == null ? null : Map.of("script", script, "path", voicePath)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }


    @Test
    void helloVoiceAndHelloMessaging() throws Exception {
        String script = upload(api, project, "hello");
        route(script, "/sms", "/voice");

        String cid = phone.call("+14155550123");
        assertThat(phone.awaitHeard(cid, "hangup")).containsSubsequence("say Hello from your Function!",
                "hangup NORMAL_CLEARING");
        assertThat(twilio.textAndReceive("+14155550123", "hi <there>", 1))
                .containsExactly("+14155550123 Hello +14155550123, you said: hi <there>");
        var log = api.get("/v1/projects/" + project + "/scripts/" + script + "/executions").json().path("data");
        assertThat(log.size()).isEqualTo(2);
        assertThat(log.findValuesAsText("outcome")).containsOnly("ok");
        assertThat(log.findValuesAsText("function")).contains("functions/voice.js", "functions/sms.js");
    }

    @Test
    void forwardACallAndAMessageToTheEnvNumber() throws Exception {
        route(upload(api, project, "forward"), "/forward-sms", "/forward-call");

        String cid = phone.call("+14155550124");
        phone.awaitHeard(cid, "bridged " + AGENT);
        phone.farHangup(cid);
        assertThat(phone.awaitHeard(cid, "hangup")).containsSubsequence("bridged " + AGENT, "hangup NORMAL_CLEARING");
        assertThat(twilio.textAndReceive("+14155550124", "call me", 1)).containsExactly(AGENT + " +14155550124: call me");
    }

    @Test
    void anIvrWhoseGatherReachesItsSiblingFunction() throws Exception {
        String script = upload(api, project, "ivr");
        route(script, null, "/ivr/welcome");

        String cid = phone.call("+14155550125");
        phone.awaitHeard(cid, "say For sales");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(5))).isTrue();
        phone.press(cid, "9");
        phone.awaitHeard(cid, "say Sorry");
        Poll.until("the second gather", Duration.ofSeconds(10),
                () -> phone.heard(cid).stream().filter(l -> l.startsWith("say For sales")).count() == 2);
        phone.press(cid, "2");
        assertThat(phone.awaitHeard(cid, "hangup")).containsSubsequence("say For sales press 1, for opening hours"
                + " press 2.", "dtmf 9", "say Sorry, I don't understand that choice.", "say For sales press 1,"
                + " for opening hours press 2.", "dtmf 2", "say We are open nine to five.", "hangup NORMAL_CLEARING");
        var run = Poll.until("the call's execution", Duration.ofSeconds(10), () -> {
            var data = api.get("/v1/projects/" + project + "/scripts/" + script + "/executions").json().path("data");
            return data.size() == 1 ? data.get(0) : null;
        });
        assertThat(run.path("detail").path("functions").findValuesAsText("function")).containsExactly(
                "functions/ivr/welcome.js", "functions/ivr/handle-user-input.protected.js", "functions/ivr/welcome.js",
                "functions/ivr/handle-user-input.protected.js");
    }

    @Test
    void aBlocklistInAPrivateFunctionAndAsset() throws Exception {
        String script = upload(api, project, "blocklist");
        route(script, "/screen-sms", "/screen");
        Api.Resp hidden = api.put("/v1/numbers/" + twilio.number().substring(1) + "/routing",
                obj("voice", Map.of("script", script, "path", "/blocklist")));
        assertThat(hidden.status()).isEqualTo(400);
        assertThat(hidden.text("/error/field")).isEqualTo("voice.path");

        String spam = phone.call("+14155550666");
        Poll.until("rejected", Duration.ofSeconds(10), () -> List.of("busy", "failed", "canceled", "no-answer")
                .contains(api.get("/v1/projects/" + project + "/voice/calls/" + spam).text("/status")));
        assertThat(phone.heard(spam)).noneMatch(l -> l.startsWith("say"));
        String friend = phone.call("+14155550668");
        assertThat(phone.awaitHeard(friend, "hangup")).contains("say Welcome!");
        assertThat(twilio.textAndReceive("+14155550668", "hello", 1)).containsExactly("+14155550668 Thanks, we got your"
                + " message.");
    }

    @Test
    void aHuntGroupDialsInTurnUsingDialCallStatus() throws Exception {
        String script = upload(api, project, "hunt");
        route(script, null, "/hunt");
        SERVER.operator().put("/v1/sim/voice/targets/14155550210", obj("answer", "busy"));
        SERVER.operator().put("/v1/sim/voice/targets/14155550211", obj("answer", "no-answer"));

        String cid = phone.call("+14155550126");
        phone.awaitHeard(cid, "ringing +14155550211");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(15))).isTrue();
        TIMERS.advance(Duration.ofSeconds(15));
        phone.awaitHeard(cid, "bridged " + AGENT);
        phone.farHangup(cid);
        phone.awaitHeard(cid, "hangup");
        var run = Poll.until("the call's execution", Duration.ofSeconds(10), () -> {
            var data = api.get("/v1/projects/" + project + "/scripts/" + script + "/executions").json().path("data");
            return data.size() == 1 ? data.get(0) : null;
        });
        assertThat(run.path("detail").path("steps").findValuesAsText("dialCallStatus"))
                .containsExactly("busy", "no-answer", "completed");
    }

    @Test
    void badUploadsAreRefusedNamingTheFileAndAFailingFunctionIsLoggedWhereItFailed() {
        String scripts = "/v1/projects/" + project + "/scripts";
        Api.Resp syntax = api.post(scripts, obj("name", "bad", "files", List.of(Map.of("path", "functions/x.js",
                "content", "exports.handler = function (context, event, callback) {\n  callback(null, 'x';\n};"))));
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.text("/error/code")).isEqualTo("script_invalid");
        assertThat(syntax.text("/error/message")).startsWith("functions/x.js:2:");
        Api.Resp escape = api.post(scripts, obj("name", "bad", "files", List.of(Map.of("path", "functions/../x.js",
                "content", "exports.handler = () => {};"))));
        assertThat(escape.status()).isEqualTo(400);
        Api.Resp both = api.post(scripts, obj("name", "bad", "source", "export function onSms() {}", "files",
                List.of(Map.of("path", "functions/x.js", "content", ""))));
        assertThat(both.status()).isEqualTo(400);
        Api.Resp extra = api.post(scripts, obj("name", "bad", "files", List.of(Map.of("path", "functions/x.js",
                "content", "", "mode", "755"))));
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.text("/error/code")).isEqualTo("unknown_field");

        Api.Resp created = api.post(scripts, obj("name", "failing", "files", List.of(
                Map.of("path", "functions/sms.js", "content", "exports.handler = (context, event, callback) => {\n"
                        + "  const twiml = new Twilio.twiml.MessagingResponse();\n  twiml.message(event.Nope.length);\n"
                        + "  callback(null, twiml);\n};\n"),
                Map.of("path", "functions/voice.js", "content", "exports.handler = (context, event, callback) => {};"))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String script = created.text("/id");
        Api.Resp version = api.get(scripts + "/" + script + "/versions/1");
        assertThat(version.text("/format")).isEqualTo("twilio");
        assertThat(version.json().path("files").findValuesAsText("path")).containsExactly("functions/sms.js",
                "functions/voice.js");
        assertThat(version.json().path("functions").toString()).isEqualTo("[\"/sms\",\"/voice\"]");
        List<Map<String, String>> files = List.of(Map.of("path", "functions/sms.js", "content", version.json()
                .path("files").get(0).path("content").asText()), Map.of("path", "functions/voice.js", "content",
                version.json().path("files").get(1).path("content").asText()));
        Api.Resp same = api.post(scripts + "/" + script + "/versions", obj("files", files));
        assertThat(same.json().path("version").asInt()).as(same.body()).isEqualTo(1);
        Api.Resp more = api.post(scripts + "/" + script + "/versions", obj("files", List.of(files.get(0), files.get(1),
                Map.of("path", "assets/a.txt", "content", "a"))));
        assertThat(more.json().path("version").asInt()).as(more.body()).isEqualTo(2);
        assertThat(more.text("/contentHash")).isNotEqualTo(version.text("/contentHash"));
        route(script, "/sms", "/voice");

        assertThat(api.post("/v1/sim/inbound-sms", obj("from", "+14155550127", "to", twilio.number(), "body", "x"))
                .status()).isEqualTo(201);
        String cid = phone.call("+14155550127");
        phone.awaitHeard(cid, "hangup");
        var log = Poll.until("both runs logged", Duration.ofSeconds(10), () -> {
            var data = api.get(scripts + "/" + script + "/executions").json().path("data");
            return data.size() == 2 ? data : null;
        });
        assertThat(log.findValuesAsText("outcome")).containsOnly("error");
        assertThat(log.toString()).contains("functions/sms.js:3:").contains("without calling callback");
        assertThat(phone.heard(cid)).anyMatch(l -> l.startsWith("say "));
    }

    @Test
    void aTextedCallMeGetsACallPlacedByTheTwilioClientAndRunByTheSiblingFunction() throws Exception {
        String script = upload(api, project, "callback");
        route(script, "/sms", null);

        assertThat(twilio.textAndReceive("+14155550128", "call me", 1)).containsExactly("+14155550128 Calling you now.");
        var calls = Poll.until("the call back", Duration.ofSeconds(10), () -> {
            var data = api.get("/v1/projects/" + project + "/voice/calls").json().path("data");
            return data.size() == 1 ? data.get(0) : null;
        });
        assertThat(calls.path("to").asText()).isEqualTo("+14155550128");
        assertThat(calls.path("direction").asText()).isEqualTo("outbound");
        assertThat(phone.awaitHeard(calls.path("id").asText(), "hangup"))
                .contains("say This is your call back, outbound-api.");
    }

    @Test
    void findMeFollowMeWithAWhisperRunsTheSiblingFunctionOnTheCalledLeg() throws Exception {
        String script = upload(api, project, "findme");
        route(script, null, "/findme");
        String desk = "+14155550401";
        String mobile = "+14155550402";

        String cid = phone.call("+14155550129");
        String deskLeg = phone.handset(desk, "Call for you");
        String mobileLeg = phone.handset(mobile, "Call for you");
        phone.press(mobileLeg, "5");
        phone.awaitHeard(mobileLeg, "hangup");
        phone.press(deskLeg, "1");
        phone.awaitHeard(cid, "bridged " + desk);
        assertThat(phone.heard(deskLeg)).containsSubsequence("say Call for you. Press 1 to accept.", "dtmf 1",
                "say Connecting.", "bridged +14155550129");
        assertThat(phone.heard(cid)).noneMatch(l -> l.startsWith("say Call for you"));
        phone.farHangup(cid);
        phone.awaitHeard(cid, "hangup");
        var run = Poll.until("the call's execution", Duration.ofSeconds(10), () -> {
            var data = api.get("/v1/projects/" + project + "/scripts/" + script + "/executions").json().path("data");
            return data.size() == 1 ? data.get(0) : null;
        });
        assertThat(run.path("detail").path("steps").findValuesAsText("dialCallStatus")).containsExactly("completed");
        assertThat(run.path("detail").path("steps").findPath("whisperRejected").toString()).contains(mobile);
        assertThat(run.path("detail").path("functions").findValuesAsText("function")).contains("functions/findme.js",
                "functions/whisper.protected.js", "functions/whisper-answer.protected.js", "functions/findme-done.js");
    }

    @Test
    void aPinGatedConferenceLetsInOnlyTheRightPin() throws Exception {
        String script = upload(api, project, "conference");
        route(script, null, "/conference/join");

        String wrong = phone.call("+14155550130");
        phone.awaitHeard(wrong, "say Welcome.");
        phone.press(wrong, "1111");
        assertThat(phone.awaitHeard(wrong, "hangup")).contains("say That PIN is not valid. Goodbye.")
                .noneMatch(l -> l.startsWith("conference"));

        String right = phone.call("+14155550131");
        phone.awaitHeard(right, "say Welcome.");
        phone.press(right, "4321");
        phone.awaitHeard(right, "conference ");
        var room = api.get("/v1/projects/" + project + "/voice/conferences/Team%20Room").json();
        assertThat(room.get("status").asText()).isEqualTo("in-progress");
        assertThat(room.get("participants").findValuesAsText("callId")).containsExactly(right);
        assertThat(api.post("/v1/sim/calls/" + right + "/hangup", obj()).status()).isEqualTo(202);
        Poll.until("the conference ended", Duration.ofSeconds(10), () -> api.get("/v1/projects/" + project
                + "/voice/conferences/Team%20Room").json().path("status").asText().equals("completed"));
        var runs = Poll.until("both calls' executions", Duration.ofSeconds(10), () -> {
            var data = api.get("/v1/projects/" + project + "/scripts/" + script + "/executions").json().path("data");
            return data.size() == 2 ? data : null;
        });
        assertThat(runs.findValuesAsText("statusCallbackNotSent")).singleElement().asString()
                .contains("conference-events").contains("give an absolute URL");
    }
}
