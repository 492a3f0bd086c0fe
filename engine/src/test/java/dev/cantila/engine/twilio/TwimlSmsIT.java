package dev.cantila.engine.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
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
 * A number whose SMS route is a {@code twilio} URL: the TwiML app gets Twilio's form parameters signed with the
 * project's auth token, and what it answers reaches the handsets; a bad document sends nothing and says why.
 */
class TwimlSmsIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();
    private static final String CALLER = "+14155550123";

    private String project;
    private Api api;
    private String number;
    private String token;
    private TwimlServer app;

    @BeforeEach
    void setUp() throws Exception {
        TwilioProject p = TwilioProject.create(SERVER, "twiml-sms");
        project = p.id();
        api = p.api();
        number = p.number();
        token = p.token();
        app = new TwimlServer();
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private void route(Map<String, Object> sms) {
        new TwilioProject(project, api, number, token).route("sms", sms);
    }

    private void text(String body) {
        assertThat(api.post("/v1/sim/inbound-sms", obj("from", CALLER, "to", number, "body", body)).status())
                .isEqualTo(201);
    }

    private List<JsonNode> outbound(int atLeast) {
        try {
            return Poll.until("outbound messages", Duration.ofSeconds(10), () -> {
                List<JsonNode> data = List.copyOf(api.get("/v1/projects/" + project
                        + "/sms/messages?direction=outbound&limit=10").json().path("data").valueStream().toList());
                return data.size() >= atLeast ? data : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the last run: " + lastRun(), e);
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }

    private String lastRun() {
        try {
            return SERVER.lastUrlRun(project).toString();
        } catch (AssertionError e) {
            return "none";
        }
    }

    @Test
    void theTokenIsShownOnceAndRotates() {
        assertThat(token).matches("[0-9a-f]{32}");
        JsonNode shown = api.get("/v1/projects/" + project + "/twilio").json();
        assertThat(shown.path("authToken").isMissingNode() || shown.path("authToken").isNull()).isTrue();
        assertThat(shown.path("authTokenLast4").asText()).isEqualTo(token.substring(28));
        assertThat(shown.path("accountSid").asText()).matches("AC[0-9a-f]{32}");
        String rotated = api.post("/v1/projects/" + project + "/twilio/auth-token", "{}").text("/authToken");
        assertThat(rotated).matches("[0-9a-f]{32}").isNotEqualTo(token);
        assertThat(api.post("/v1/projects/" + project + "/twilio/auth-token", "{\"x\":1}").errorCode())
                .isEqualTo("unknown_field");
        assertThat(SERVER.newProject("other").api().get("/v1/projects/" + project + "/twilio").status())
                .isEqualTo(403);
    }

    @Test
    void aSignedFormPostGetsTwilioParametersAndItsMessagesAreSent() {
        app.on("/sms", r -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>Hi " + r.param("From")
                + ", you said " + xml(r.param("Body")) + "</Message><Message to=\"+14155550177\"><Body>Fwd: "
                + xml(r.param("Body")) + "</Body></Message></Response>");
        route(Map.of("url", app.url("/sms"), "format", "twilio"));

        text("héllo & bye");

        List<JsonNode> sent = outbound(2);
        assertThat(sent).extracting(m -> m.path("to").asText() + " " + m.path("body").asText())
                .containsExactlyInAnyOrder(CALLER + " Hi " + CALLER + ", you said héllo & bye",
                        "+14155550177 Fwd: héllo & bye");
        TwimlServer.Request r = app.requests("/sms").getFirst();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(r.params()).containsEntry("From", CALLER).containsEntry("To", number)
                .containsEntry("Body", "héllo & bye").containsEntry("NumMedia", "0").containsEntry("SmsStatus", "received")
                .containsEntry("ApiVersion", "2010-04-01").containsEntry("ToCountry", "US")
                .containsKeys("MessageSid", "SmsSid", "SmsMessageSid");
        assertThat(r.params().get("AccountSid")).isEqualTo(api.get("/v1/projects/" + project + "/twilio")
                .text("/accountSid"));
        assertThat(TwilioSignature.valid(token, r.url(), List.copyOf(r.params().entrySet()), r.signature())).isTrue();
        assertThat(SERVER.lastUrlRun(project).get("outcome").asText()).isEqualTo("ok");
    }

    @Test
    void aRelativeRedirectIsFollowedWithGetWhenAsked() {
        app.on("/app/first", "<Response><Redirect method=\"GET\">next?step=2</Redirect><Message>unreachable</Message>"
                + "</Response>");
        app.on("/app/next", r -> "<Response><Message>step " + r.query().get("step") + "</Message></Response>");
        route(Map.of("url", app.url("/app/first"), "format", "twilio", "method", "GET"));

        text("go");

        assertThat(outbound(1)).extracting(m -> m.path("body").asText()).containsExactly("step 2");
        TwimlServer.Request first = app.requests("/app/first").getFirst();
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.query()).containsEntry("Body", "go").containsEntry("From", CALLER);
        assertThat(TwilioSignature.valid(token, first.url(), List.of(), first.signature())).isTrue();
        TwimlServer.Request next = app.requests("/app/next").getFirst();
        assertThat(next.query()).containsEntry("step", "2").containsEntry("Body", "go");
        assertThat(TwilioSignature.valid(token, next.url(), List.of(), next.signature())).isTrue();
    }

    @Test
    void anUnknownVerbOrADoctypeSendsNothingAndTheLogSaysWhy() {
        route(Map.of("url", app.url("/bad"), "format", "twilio"));
        app.on("/bad", "<Response><Message>first</Message><Sms>old verb</Sms></Response>");
        text("one");
        JsonNode run = Poll.until("the run", Duration.ofSeconds(10), () -> {
            try {
                return SERVER.lastUrlRun(project);
            } catch (AssertionError e) {
                return null;
            }
        });
        assertThat(run.get("outcome").asText()).isEqualTo("twiml_error");
        assertThat(run.at("/detail/error").asText()).contains("<Sms> is not a messaging TwiML verb");

        app.on("/bad", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Response><Message>&x;</Message></Response>");
        text("two");
        JsonNode second = Poll.until("the second run", Duration.ofSeconds(10), () -> {
            JsonNode last = SERVER.lastUrlRun(project);
            return last.at("/detail/event/body").asText().equals("two") ? last : null;
        });
        assertThat(second.get("outcome").asText()).isEqualTo("twiml_error");
        assertThat(second.at("/detail/error").asText()).contains("DOCTYPE");
        JsonNode log = api.get("/v1/numbers/" + number.substring(1) + "/executions?limit=1").json();
        assertThat(log.at("/data/0/outcome").asText()).isEqualTo("twiml_error");
        assertThat(log.at("/data/0/target").asText()).isEqualTo("url");
        assertThat(SERVER.newProject("stranger").api().get("/v1/numbers/" + number.substring(1) + "/executions")
                .status()).isEqualTo(403);
        assertThat(api.get("/v1/projects/" + project + "/sms/messages?direction=outbound").json().path("data"))
                .isEmpty();
    }

    @Test
    void badRouteFormatsAreRefusedNamingTheField() {
        String path = "/v1/numbers/" + number.substring(1) + "/routing";
        Api.Resp format = api.put(path, obj("sms", Map.of("url", app.url("/x"), "format", "twiml")));
        assertThat(format.status()).isEqualTo(400);
        assertThat(format.text("/error/field")).isEqualTo("sms.format");
        Api.Resp method = api.put(path, obj("voice", Map.of("url", app.url("/x"), "method", "GET")));
        assertThat(method.status()).isEqualTo(400);
        assertThat(method.text("/error/field")).isEqualTo("voice.method");
        Api.Resp noUrl = api.put(path, obj("sms", Map.of("forward", "+14155550100", "format", "twilio")));
        assertThat(noUrl.status()).isEqualTo(400);
        Api.Resp ok = api.put(path, obj("voice", Map.of("url", app.url("/x"), "format", "twilio")));
        assertThat(ok.json().at("/voice/format").asText()).isEqualTo("twilio");
        assertThat(ok.json().at("/voice/method").asText()).isEqualTo("POST");
    }
}
