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
 * test checks what the caller heard or the handset received. (The PIN-gated conference and the find-me/follow-me
 * whisper need {@code <Dial><Conference>} and {@code <Number url>}, which are refused for now.)
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
}
