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

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A number whose voice route is a {@code twilio} URL, on the simulated switch: what the caller hears is what the
 * TwiML app answered, verb by verb, with Twilio's parameters (Digits, DialCallStatus, RecordingUrl...) posted to
 * relative actions, signed; a refused document makes the caller hear the apology and the log say why.
 */
class TwimlVoiceIT {
    static final ManualTimers TIMERS = new ManualTimers(MutableClock.at("2026-12-03T10:00:00Z"));
    @RegisterExtension
    static final TestServer SERVER = TestServer.withTimers(TIMERS, Map.of("cantila.voice.sim.media", "0ms",
            "cantila.voice.sim.speech", "2s", "cantila.voice.sim.talk", "60s", "cantila.voice.op-timeout", "30s",
            "cantila.voice.session-grace", "1s"));
    private static final String CALLER = "+14155550123";

    private String project;
    private Api api;
    private String number;
    private String token;
    private TwimlServer app;
    private SimPhone phone;

    @BeforeEach
    void setUp() throws Exception {
        TwilioProject p = TwilioProject.create(SERVER, "twiml-voice");
        project = p.id();
        api = p.api();
        number = p.number();
        token = p.token();
        app = new TwimlServer();
        phone = new SimPhone(api, number);
        p.twiml("voice", app.url("/ivr/voice"));
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private String call() {
        return phone.call(CALLER);
    }

    private List<String> awaitHeard(String cid, String line) {
        return phone.awaitHeard(cid, line);
    }

    private void press(String cid, String digits) {
        phone.press(cid, digits);
    }

    private static void assertSigned(TwimlServer.Request r, String token) {
        assertThat(TwilioSignature.valid(token, r.url(), List.copyOf(r.params().entrySet()), r.signature()))
                .as("signature of %s", r.url()).isTrue();
    }

    @Test
    void anIvrGathersDialsAndReadsDialCallStatusAtRelativeActions() throws Exception {
        app.on("/ivr/voice", "<Response><Gather numDigits=\"1\" action=\"handle\" timeout=\"5\">"
                + "<Say voice=\"alice\">Press 1 for sales.</Say></Gather><Say>We did not get that.</Say></Response>");
        app.on("/ivr/handle", r -> r.param("Digits").equals("1")
                ? "<Response><Say>Connecting.</Say><Dial action=\"/ivr/after\" timeout=\"20\"><Number>+14155550101"
                + "</Number></Dial><Say>unreachable</Say></Response>"
                : "<Response><Hangup/></Response>");
        app.on("/ivr/after", r -> "<Response><Say>Status " + r.param("DialCallStatus") + " after "
                + r.param("DialCallDuration") + " seconds.</Say></Response>");

        String cid = call();
        awaitHeard(cid, "say Press 1 for sales.");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(5))).isTrue();
        press(cid, "1");
        awaitHeard(cid, "bridged +14155550101");
        TIMERS.advance(Duration.ofSeconds(7));
        phone.farHangup(cid);
        List<String> heard = awaitHeard(cid, "hangup");

        assertThat(heard).containsSubsequence("answered", "say Press 1 for sales.", "dtmf 1", "say Connecting.",
                "bridged +14155550101", "unbridged +14155550101", "say Status completed after 7 seconds.",
                "hangup NORMAL_CLEARING");
        assertThat(heard).noneMatch(l -> l.contains("unreachable") || l.contains("did not get"));
        TwimlServer.Request first = app.requests("/ivr/voice").getFirst();
        assertThat(first.params()).containsEntry("CallSid", cid).containsEntry("From", CALLER)
                .containsEntry("To", number).containsEntry("Direction", "inbound").containsEntry("CallStatus", "ringing")
                .containsEntry("Called", number).containsEntry("Caller", CALLER).containsKey("AccountSid");
        assertSigned(first, token);
        TwimlServer.Request handle = app.requests("/ivr/handle").getFirst();
        assertThat(handle.params()).containsEntry("Digits", "1").containsEntry("CallStatus", "in-progress");
        assertSigned(handle, token);
        assertThat(app.requests("/ivr/after").getFirst().params()).containsEntry("DialCallStatus", "completed")
                .containsEntry("DialCallDuration", "7");
        JsonNode run = Poll.until("the run", Duration.ofSeconds(5), () -> {
            JsonNode last = SERVER.lastUrlRun(project);
            return last.at("/detail/event/id").asText().equals(cid) ? last : null;
        });
        assertThat(run.get("outcome").asText()).as(run.toString()).isEqualTo("ok");
    }

    @Test
    void aDialTimeLimitEndsTheTalkAfterTheNumberIsSentItsDigitsAndTheCallerContinuesWithTheAction() throws Exception {
        app.on("/ivr/voice", "<Response><Dial action=\"/ivr/after\" timeLimit=\"30\"><Number sendDigits=\"w1234#\">"
                + "+14155550101</Number></Dial><Say>unreachable</Say></Response>");
        app.on("/ivr/after", r -> "<Response><Say>Status " + r.param("DialCallStatus") + " after "
                + r.param("DialCallDuration") + " seconds.</Say></Response>");

        String cid = call();
        awaitHeard(cid, "bridged +14155550101");
        TIMERS.advance(Duration.ofSeconds(30)); // the simulated far end would talk for 60 s
        List<String> heard = awaitHeard(cid, "say Status completed after 30 seconds.");

        // <Number sendDigits>: the called party is sent the digits once it answers, before it is connected
        assertThat(heard).containsSubsequence("sent-digits +14155550101 w1234#", "bridged +14155550101",
                "time-limit +14155550101",
                "unbridged +14155550101", "say Status completed after 30 seconds.");
        assertThat(heard).noneMatch(l -> l.contains("unreachable"));
        assertThat(app.requests("/ivr/after").getFirst().params()).containsEntry("DialCallStatus", "completed")
                .containsEntry("DialCallDuration", "30");
    }

    @Test
    void withHangupOnStarTheCallerPressingStarHangsTheCalledPartyUp() throws Exception {
        app.on("/ivr/voice", "<Response><Dial action=\"/ivr/after\" hangupOnStar=\"true\">+14155550101</Dial>"
                + "</Response>");
        app.on("/ivr/after", r -> "<Response><Say>Status " + r.param("DialCallStatus") + ".</Say></Response>");

        String cid = call();
        awaitHeard(cid, "bridged +14155550101");
        TIMERS.advance(Duration.ofSeconds(5));
        press(cid, "*");
        List<String> heard = awaitHeard(cid, "say Status completed.");

        assertThat(heard).containsSubsequence("bridged +14155550101", "dtmf *", "hangup-on-star",
                "unbridged +14155550101", "say Status completed.");
        assertThat(app.requests("/ivr/after").getFirst().params()).containsEntry("DialCallStatus", "completed")
                .containsEntry("DialCallDuration", "5");
    }

    @Test
    void aGatherWithoutInputFallsThroughToTheNextVerb() throws Exception {
        app.on("/ivr/voice", "<Response><Gather action=\"handle\"><Say>Your account number?</Say><Pause/></Gather>"
                + "<Say>Goodbye.</Say></Response>");

        String cid = call();
        awaitHeard(cid, "say Your account number?");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(1))).isTrue();
        TIMERS.advance(Duration.ofSeconds(1)); // the nested Pause
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(5))).isTrue();
        TIMERS.advance(Duration.ofSeconds(5)); // the gather's timeout
        List<String> heard = awaitHeard(cid, "hangup");

        assertThat(heard).containsSubsequence("say Your account number?", "pause 1000 ms", "say Goodbye.",
                "hangup NORMAL_CLEARING");
        assertThat(app.requests("/ivr/handle")).isEmpty();
    }

    @Test
    void aRecordingIsPostedToTheDocumentUrlWithItsUrlAndDuration() throws Exception {
        app.on("/ivr/voice", r -> r.param("RecordingSid") == null
                ? "<Response><Say>Leave a message.</Say><Record maxLength=\"30\" playBeep=\"true\"/><Say>none</Say>"
                + "</Response>"
                : "<Response><Say>Got " + r.param("RecordingDuration") + " seconds.</Say></Response>");

        String cid = call();
        awaitHeard(cid, "record");
        TIMERS.advance(Duration.ofSeconds(2)); // the simulated caller speaks for 2 s
        List<String> heard = awaitHeard(cid, "hangup");

        assertThat(heard).map(l -> l.split(" ")[0] + (l.startsWith("say") ? l.substring(3) : ""))
                .containsSubsequence("say Leave a message.", "beep", "record", "say Got 2 seconds.");
        TwimlServer.Request posted = app.requests("/ivr/voice").get(1);
        assertThat(posted.params().get("RecordingUrl")).startsWith("http://localhost:")
                .endsWith("/v1/projects/" + project + "/voice/calls/" + cid + "/recordings/"
                        + posted.params().get("RecordingSid") + "/audio");
        assertThat(posted.params()).containsEntry("RecordingDuration", "2");

        // the app downloads RecordingUrl as it would from Twilio: HTTP Basic with its AccountSid and auth token
        String url = api.base().resolve(java.net.URI.create(posted.params().get("RecordingUrl")).getPath())
                .toString(); // the test server's own port; RecordingUrl names the configured public URL
        String sid = posted.params().get("AccountSid");
        assertThat(basicGet(url, sid, token).statusCode()).isEqualTo(200);
        assertThat(basicGet(url, sid, token.replace(token.charAt(0), token.charAt(0) == 'a' ? 'b' : 'a'))
                .statusCode()).as("a wrong token").isEqualTo(401);
        assertThat(basicGet(java.net.URI.create(url).resolve("/v1/projects/" + project
                + "/voice/calls/" + cid).toString(), sid, token).statusCode()).as("Basic opens only a recording's audio").isEqualTo(401);
        TwilioProject other = TwilioProject.create(SERVER, "twiml-other");
        assertThat(basicGet(url, dev.cantila.engine.twilio.TwilioAccounts.accountSid(other.id()), other.token()).statusCode())
                .as("another project's credentials").isIn(403, 404);
    }

    private static java.net.http.HttpResponse<byte[]> basicGet(String url, String user, String password)
            throws Exception {
        String credentials = java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url)).header("Authorization", "Basic " + credentials).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aRefusedDocumentRunsNothingTheCallerHearsTheApologyAndTheLogSaysWhy() {
        app.on("/ivr/voice", "<Response><Say>Hold on.</Say><Enqueue>support</Enqueue></Response>");

        String cid = call();
        List<String> heard = awaitHeard(cid, "hangup");

        assertThat(heard).noneMatch(l -> l.contains("Hold on"));
        assertThat(heard).anyMatch(l -> l.startsWith("say ") && !l.contains("Hold on"));
        JsonNode run = Poll.until("the run", Duration.ofSeconds(5), () -> {
            JsonNode last = SERVER.lastUrlRun(project);
            return last.at("/detail/event/id").asText().equals(cid) ? last : null;
        });
        assertThat(run.get("outcome").asText()).isEqualTo("twiml_error");
        assertThat(run.at("/detail/error").asText()).contains("<Enqueue> is refused");
    }

    @Test
    void wordsSaidOnTheSimulatedSwitchFillSpeechResultAndConfidence() throws Exception {
        app.on("/ivr/voice", "<Response><Gather input=\"speech dtmf\" action=\"said\" speechTimeout=\"auto\">"
                + "<Say>How can I help?</Say></Gather></Response>");
        app.on("/ivr/said", r -> "<Response><Say>You said " + r.param("SpeechResult") + ".</Say></Response>");

        String cid = call();
        awaitHeard(cid, "say How can I help?");
        assertThat(TIMERS.awaitPending(Duration.ofSeconds(5))).isTrue();
        Api.Resp bad = api.post("/v1/sim/calls/" + cid + "/speech", obj("text", "x", "confidence", 2));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("/error/field")).isEqualTo("confidence");
        assertThat(api.post("/v1/sim/calls/" + cid + "/speech", obj("text", "billing please", "confidence", 0.87))
                .status()).isEqualTo(202);
        List<String> heard = awaitHeard(cid, "hangup");

        assertThat(heard).containsSubsequence("say How can I help?", "speech billing please",
                "say You said billing please.");
        assertThat(app.requests("/ivr/said").getFirst().params()).containsEntry("SpeechResult", "billing please")
                .containsEntry("Confidence", "0.87").doesNotContainKey("Digits");
    }

    @Test
    void anOutboundCallWithATwilioUrlRunsItsTwimlOnAnswer() {
        app.on("/out", r -> "<Response><Say>Your code is 1 2 3, " + r.param("Direction") + ".</Say></Response>");
        Api.Resp bad = api.post("/v1/projects/" + project + "/voice/calls", obj("to", "+14155550150", "from", number,
                "url", app.url("/out"), "method", "GET"));
        assertThat(bad.text("/error/field")).isEqualTo("method");
        Api.Resp placed = api.post("/v1/projects/" + project + "/voice/calls", obj("to", "+14155550150", "from",
                number, "url", app.url("/out"), "format", "twilio"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String cid = placed.text("/id");

        assertThat(awaitHeard(cid, "hangup")).contains("say Your code is 1 2 3, outbound-api.");
        assertThat(app.requests("/out").getFirst().params()).containsEntry("CallStatus", "in-progress")
                .containsEntry("From", number).containsEntry("To", "+14155550150").containsEntry("CallSid", cid);
        assertSigned(app.requests("/out").getFirst(), token);
    }

    @Test
    void rejectBusyEndsTheCallBusy() {
        app.on("/ivr/voice", "<Response><Reject reason=\"busy\"/></Response>");
        String cid = call();
        String status = Poll.until("busy", Duration.ofSeconds(10), () -> {
            String s = api.get("/v1/projects/" + project + "/voice/calls/" + cid).text("/status");
            return s.equals("busy") ? s : null;
        });
        assertThat(status).isEqualTo("busy");
    }
}
