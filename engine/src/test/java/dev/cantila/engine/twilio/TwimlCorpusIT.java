package dev.cantila.engine.twilio;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.ManualTimers;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.Poll;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of TwiML web apps written the way Twilio's documentation writes them (hello voice and messaging,
 * forward a call and a message, an IVR whose Gather posts to a sibling path, a blocklist, a hunt group driven by
 * DialCallStatus), served by a real HTTP app and run unmodified against a number on the simulated switch: the
 * test checks what the caller heard or the handset received; and a find-me/follow-me whose numbers hear a whisper
 * ({@code <Number url>}: press 1 to accept) on their own legs before they are connected. (The PIN-gated conference
 * is in {@link TwimlConferenceCorpusIT}.)
 */
class TwimlCorpusIT {
    static final ManualTimers TIMERS = new ManualTimers(MutableClock.at("2026-12-03T10:00:00Z"));
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(TIMERS, Map.of("cantila.voice.sim.media", "0ms",
            "cantila.voice.sim.talk", "60s", "cantila.voice.op-timeout", "30s", "cantila.voice.session-grace", "1s"));
    private static final String BUSY = "+14155550210";
    private static final String NO_ANSWER = "+14155550211";
    private static final String AGENT = "+14155550101";

    private TwilioProject twilio;
    private String project;
    private Api api;
    private String number;
    private TwimlServer app;
    private SimPhone phone;

    @BeforeEach
    void setUp() throws Exception {
        twilio = TwilioProject.create(SERVER, "twiml-corpus");
        project = twilio.id();
        api = twilio.api();
        number = twilio.number();
        app = new TwimlServer();
        phone = new SimPhone(api, number);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private void route(String side, String path) {
        twilio.twiml(side, app.url(path));
    }


    private static String xml(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;");
    }

    @Test
    void helloVoiceAndHelloMessaging() {
        app.on("/voice", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n  <Say voice=\"alice\">Hello from"
                + " the corpus!</Say>\n</Response>\n");
        app.on("/sms", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>Hello from the corpus!</Message>"
                + "</Response>");
        route("voice", "/voice");
        String cid = phone.call("+14155550123");
        assertThat(phone.awaitHeard(cid, "hangup")).containsSubsequence("say Hello from the corpus!",
                "hangup NORMAL_CLEARING");
        route("sms", "/sms");
        assertThat(twilio.textAndReceive("+14155550123", "hi", 1)).containsExactly("+14155550123 Hello from the corpus!");
    }

    @Test
    void forwardACallAndAMessage() throws Exception {
        app.on("/forward-call", r -> "<Response><Dial callerId=\"" + r.param("To") + "\">" + AGENT + "</Dial></Response>");
        app.on("/forward-sms", r -> "<Response><Message to=\"" + AGENT + "\">" + xml(r.param("From")) + ": "
                + xml(r.param("Body")) + "</Message></Response>");
        route("voice", "/forward-call");
        String cid = phone.call("+14155550124");
        phone.awaitHeard(cid, "bridged " + AGENT);
        phone.farHangup(cid);
        assertThat(phone.awaitHeard(cid, "hangup")).containsSubsequence("bridged " + AGENT, "unbridged " + AGENT,
                "hangup NORMAL_CLEARING");
        route("sms", "/forward-sms");
        assertThat(twilio.textAndReceive("+14155550124", "call me <now>", 1))
                .containsExactly(AGENT + " +14155550124: call me <now>");
    }

    @Test
    void anIvrWhoseGatherPostsToASiblingPath() throws Exception {
        app.on("/ivr/welcome", "<Response><Gather action=\"handle-user-input\" numDigits=\"1\"><Say>For sales press 1,"
                + " for hours press 2.</Say></Gather><Say>We didn't receive any input. Goodbye!</Say></Response>");
        app.on("/ivr/handle-user-input", r -> switch (r.param("Digits")) {
            case "1" -> "<Response><Say>Connecting you to sales.</Say><Dial>" + AGENT + "</Dial></Response>";
            case "2" -> "<Response><Say>We are open nine to five.</Say></Response>";
            default -> "<Response><Say>Sorry, I don't understand that choice.</Say><Redirect>welcome</Redirect>"
                    + "</Response>";
        });
        route("voice", "/ivr/welcome");
        String cid = phone.call("+14155550125");
        phone.awaitHeard(cid, "say For sales");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(5))).isTrue();
        phone.press(cid, "9");
        phone.awaitHeard(cid, "say Sorry");
        Poll.until("the second gather", Duration.ofSeconds(10),
                () -> phone.heard(cid).stream().filter(l -> l.startsWith("say For sales")).count() == 2);
        phone.press(cid, "2");
        assertThat(phone.awaitHeard(cid, "hangup")).containsSubsequence("say For sales press 1, for hours press 2.",
                "dtmf 9", "say Sorry, I don't understand that choice.", "say For sales press 1, for hours press 2.",
                "dtmf 2", "say We are open nine to five.", "hangup NORMAL_CLEARING");
        assertThat(app.requests("/ivr/handle-user-input")).extracting(r -> r.param("Digits")).containsExactly("9", "2");
    }

    @Test
    void aBlocklistRejectsKnownNumbersAndWelcomesTheRest() {
        Set<String> blocked = Set.of("+14155550666");
        app.on("/screen", r -> blocked.contains(r.param("From")) ? "<Response><Reject/></Response>"
                : "<Response><Say>Welcome!</Say></Response>");
        route("voice", "/screen");
        String spam = phone.call("+14155550666");
        JsonNode rejected = Poll.until("rejected", Duration.ofSeconds(10), () -> {
            JsonNode c = api.get("/v1/projects/" + project + "/voice/calls/" + spam).json();
            return c.hasNonNull("endedAt") ? c : null;
        });
        assertThat(rejected.get("status").asText()).as("<Reject/> (reason rejected) ends the call").isEqualTo("busy");
        assertThat(rejected.get("cause").asText()).isEqualTo("CALL_REJECTED");
        assertThat(phone.heard(spam)).noneMatch(l -> l.startsWith("say"));
        String friend = phone.call("+14155550667");
        assertThat(phone.awaitHeard(friend, "hangup")).contains("say Welcome!");
    }

    @Test
    void aHuntGroupDialsInTurnUsingDialCallStatus() throws Exception {
        List<String> group = List.of(BUSY, NO_ANSWER, AGENT);
        app.on("/hunt", r -> {
            int i = Integer.parseInt(r.query().getOrDefault("i", "0"));
            return "<Response><Dial action=\"/hunt-next?i=" + i + "\" timeout=\"15\"><Number>" + group.get(i)
                    + "</Number></Dial></Response>";
        });
        app.on("/hunt-next", r -> {
            int i = Integer.parseInt(r.query().get("i"));
            if (r.param("DialCallStatus").equals("completed")) {
                return "<Response><Hangup/></Response>";
            }
            return i + 1 < group.size() ? "<Response><Redirect>/hunt?i=" + (i + 1) + "</Redirect></Response>"
                    : "<Response><Say>Nobody is available.</Say></Response>";
        });
        route("voice", "/hunt");
        SERVER.operator().put("/v1/sim/voice/targets/" + BUSY.substring(1), obj("answer", "busy"));
        SERVER.operator().put("/v1/sim/voice/targets/" + NO_ANSWER.substring(1), obj("answer", "no-answer"));
        String cid = phone.call("+14155550126");
        phone.awaitHeard(cid, "ringing " + NO_ANSWER);
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(15))).isTrue();
        TIMERS.advance(Duration.ofSeconds(15));
        phone.awaitHeard(cid, "bridged " + AGENT);
        phone.farHangup(cid);
        phone.awaitHeard(cid, "hangup");

        assertThat(app.requests("/hunt-next")).extracting(r -> r.param("DialCallStatus"))
                .containsExactly("busy", "no-answer", "completed");
        // the caller hears the hangup before the call's final status is stored: wait for it, do not race it
        Poll.until("the call is stored completed", Duration.ofSeconds(10), () -> "completed".equals(
                api.get("/v1/projects/" + project + "/voice/calls/" + cid).json().path("status").asText()));
    }

    /** Twilio's find-me/follow-me with a whisper: both numbers ring, each hears "press 1 to accept" on its leg. */
    private void followMe(String desk, String mobile) {
        app.on("/follow-me", "<Response><Say>Please hold while we find you someone.</Say><Dial action=\"/follow-me/done\""
                + " timeout=\"20\"><Number url=\"/whisper\">" + desk + "</Number><Number url=\"/whisper\">" + mobile
                + "</Number></Dial></Response>");
        app.on("/whisper", "<Response><Gather numDigits=\"1\" action=\"/whisper/answer\" timeout=\"5\"><Say>Call for"
                + " you. Press 1 to accept.</Say></Gather><Hangup/></Response>");
        app.on("/whisper/answer", r -> r.param("Digits").equals("1") ? "<Response><Say>Connecting.</Say></Response>"
                : "<Response><Hangup/></Response>");
        app.on("/follow-me/done", r -> r.param("DialCallStatus").equals("completed") ? "<Response><Hangup/></Response>"
                : "<Response><Say>Nobody is available.</Say></Response>");
        route("voice", "/follow-me");
    }

    /** The caller's call and the two called legs, once both handsets heard the whisper. */
    private record Ringing(String cid, String deskLeg, String mobileLeg) {
    }

    private Ringing followMeCall(String desk, String mobile, String from) {
        followMe(desk, mobile);
        String cid = phone.call(from);
        return new Ringing(cid, phone.handset(desk, "Call for you"), phone.handset(mobile, "Call for you"));
    }

    @Test
    void findMeFollowMeWithAWhisperConnectsTheNumberThatPressesOne() {
        String desk = "+14155550401";
        String mobile = "+14155550402";
        Ringing ringing = followMeCall(desk, mobile, "+14155550127");
        String cid = ringing.cid();
        String deskLeg = ringing.deskLeg();
        String mobileLeg = ringing.mobileLeg();
        assertThat(phone.heard(cid)).as("the caller hears ringback, not the whisper").contains("play "
                + "tone_stream://%(2000,4000,440,480);loops=-1").noneMatch(l -> l.startsWith("say Call for you"));
        phone.press(deskLeg, "2");
        phone.awaitHeard(deskLeg, "hangup");
        phone.press(mobileLeg, "1");
        phone.awaitHeard(cid, "bridged " + mobile);
        assertThat(phone.awaitHeard(mobileLeg, "bridged")).containsSubsequence("say Call for you. Press 1 to accept.",
                "dtmf 1", "say Connecting.", "bridged +14155550127");
        phone.farHangup(cid);
        assertThat(phone.awaitHeard(cid, "hangup")).containsSubsequence("say Please hold while we find you someone.",
                "bridged " + mobile, "unbridged " + mobile, "hangup NORMAL_CLEARING");
        assertThat(phone.heard(cid)).noneMatch(l -> l.startsWith("say Nobody"));

        assertThat(app.requests("/whisper")).extracting(r -> r.param("To") + " " + r.param("Direction") + " "
                + r.param("ParentCallSid") + " " + r.param("CallStatus")).containsExactlyInAnyOrder(
                desk + " outbound-dial " + cid + " in-progress", mobile + " outbound-dial " + cid + " in-progress");
        assertThat(app.requests("/whisper")).extracting(r -> r.param("CallSid"))
                .containsExactlyInAnyOrder(deskLeg, mobileLeg);
        var done = app.requests("/follow-me/done");
        assertThat(done).extracting(r -> r.param("DialCallStatus") + " " + r.param("DialCallSid"))
                .containsExactly("completed " + mobileLeg);
        JsonNode child = api.get("/v1/projects/" + project + "/voice/calls/" + mobileLeg).json();
        assertThat(child.get("route").asText()).isEqualTo("dial");
        assertThat(child.get("direction").asText()).isEqualTo("outbound");
        Poll.until("the declined leg is stored ended", Duration.ofSeconds(10), () -> api.get("/v1/projects/" + project
                + "/voice/calls/" + deskLeg).json().hasNonNull("endedAt"));
    }

    @Test
    void findMeFollowMeWithAWhisperGoesOnWhenEveryNumberDeclinesOrSaysNothing() throws Exception {
        String desk = "+14155550403";
        String mobile = "+14155550404";
        Ringing ringing = followMeCall(desk, mobile, "+14155550128");
        String cid = ringing.cid();
        String deskLeg = ringing.deskLeg();
        String mobileLeg = ringing.mobileLeg();
        phone.press(deskLeg, "7");
        phone.awaitHeard(deskLeg, "hangup");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(5))).isTrue();
        TIMERS.advance(Duration.ofSeconds(5)); // the mobile says nothing: its Gather times out, then <Hangup/>
        phone.awaitHeard(mobileLeg, "hangup");
        assertThat(phone.awaitHeard(cid, "hangup")).containsSubsequence("say Please hold while we find you someone.",
                "say Nobody is available.", "hangup NORMAL_CLEARING").noneMatch(l -> l.startsWith("bridged"));
        assertThat(app.requests("/follow-me/done")).extracting(r -> r.param("DialCallStatus"))
                .containsExactly("no-answer");
    }

    @Test
    void theCallerHangingUpDuringTheWhisperHangsUpEveryCalledLeg() {
        String desk = "+14155550405";
        String mobile = "+14155550406";
        Ringing ringing = followMeCall(desk, mobile, "+14155550129");
        String cid = ringing.cid();
        String deskLeg = ringing.deskLeg();
        String mobileLeg = ringing.mobileLeg();
        assertThat(api.post("/v1/sim/calls/" + cid + "/hangup", obj()).status()).isEqualTo(202);
        assertThat(phone.awaitHeard(deskLeg, "hangup")).contains("hangup ORIGINATOR_CANCEL");
        assertThat(phone.awaitHeard(mobileLeg, "hangup")).contains("hangup ORIGINATOR_CANCEL");
        assertThat(app.requests("/follow-me/done")).as("the caller is gone: no action").isEmpty();
        for (String leg : List.of(deskLeg, mobileLeg)) {
            Poll.until(leg + " stored ended", Duration.ofSeconds(10), () -> api.get("/v1/projects/" + project
                    + "/voice/calls/" + leg).json().hasNonNull("endedAt"));
        }
    }
}
