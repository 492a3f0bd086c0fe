package dev.cantila.engine.shipped;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Twilio Functions project deployed with {@code ./cantila deploy FOLDER --twilio} to the shipped {@code ./cantila
 * serve}, then called and texted: the caller hears the IVR's menu and, after a key, the answer of its sibling
 * function; a text gets the hello function's reply. A find-me/follow-me project whose numbers hear a whisper: the
 * called handset is told "press 1", presses it on its own leg, and the caller is connected to it.
 */
class FunctionsShippedIT {
    static Shipped server;

    @BeforeAll
    static void start() {
        server = Shipped.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Path corpus(String name) throws Exception {
        return Path.of(FunctionsShippedIT.class.getResource("/functions/" + name).toURI());
    }

    @Test
    void aFunctionsProjectDeployedWithTheCliAnswersCallsAndTexts() throws Exception {
        Resp created = server.operator().post("/v1/projects", obj("name", "functions"));
        String key = created.text("/apiKey");
        Api api = server.operator().as(key);
        String p = "/v1/projects/" + created.text("/id");
        String number = api.post(p + "/sms/activate", obj("country", "US", "numberType", "local")).text("/e164");
        Map<String, String> env = Map.of("CANTILA_SERVER", server.base().toString(), "CANTILA_API_KEY", key);

        Shipped ivr = Shipped.run(env, "deploy", corpus("ivr").toString(), "--twilio", "--project",
                created.text("/id"), "--number", number, "--voice", "/ivr/welcome");
        assertThat(ivr.exitCode()).as(ivr.log()).isZero();
        assertThat(ivr.log()).contains("functions: /ivr/handle-user-input /ivr/welcome");
        Shipped hello = Shipped.run(env, "deploy", corpus("hello").toString(), "--twilio", "--project",
                created.text("/id"), "--number", number, "--name", "hello-sms", "--sms", "/sms");
        assertThat(hello.exitCode()).as(hello.log()).isZero();

        String cid = api.post("/v1/sim/inbound-call", obj("from", "+14155550124", "to", number)).text("/callId");
        Poll.until("the menu", Duration.ofSeconds(30),
                () -> api.get("/v1/sim/calls/" + cid).body().contains("For sales press 1"));
        assertThat(api.post("/v1/sim/calls/" + cid + "/dtmf", obj("digits", "2")).status()).isEqualTo(202);
        Poll.until("the sibling function's answer", Duration.ofSeconds(30),
                () -> api.get("/v1/sim/calls/" + cid).body().contains("We are open nine to five."));

        assertThat(api.post("/v1/sim/inbound-sms", obj("from", "+14155550123", "to", number, "body", "hi")).status())
                .isEqualTo(201);
        Poll.until("the reply on the handset", Duration.ofSeconds(30), () -> server.operator()
                .get("/v1/sim/handsets/14155550123/messages").body().contains("Hello +14155550123, you said: hi"));
    }

    @Test
    void aWhisperedFindMeConnectsTheHandsetThatPressesOne() throws Exception {
        Resp created = server.operator().post("/v1/projects", obj("name", "findme"));
        String key = created.text("/apiKey");
        Api api = server.operator().as(key);
        String number = api.post("/v1/projects/" + created.text("/id") + "/sms/activate", obj("country", "US",
                "numberType", "local")).text("/e164");
        Shipped findme = Shipped.run(Map.of("CANTILA_SERVER", server.base().toString(), "CANTILA_API_KEY", key),
                "deploy", corpus("findme").toString(), "--twilio", "--project", created.text("/id"), "--number", number,
                "--voice", "/findme");
        assertThat(findme.exitCode()).as(findme.log()).isZero();

        String cid = api.post("/v1/sim/inbound-call", obj("from", "+14155550125", "to", number)).text("/callId");
        String desk = handset(api, "14155550401");
        String mobile = handset(api, "14155550402");
        assertThat(api.post("/v1/sim/calls/" + mobile + "/dtmf", obj("digits", "9")).status()).isEqualTo(202);
        assertThat(api.post("/v1/sim/calls/" + desk + "/dtmf", obj("digits", "1")).status()).isEqualTo(202);
        Poll.until("the caller connected to the desk", Duration.ofSeconds(30),
                () -> api.get("/v1/sim/calls/" + cid).body().contains("\"bridged\",\"detail\":\"+14155550401\""));
        assertThat(api.get("/v1/sim/calls/" + cid).body()).doesNotContain("Call for you");
        Poll.until("the declined mobile hung up", Duration.ofSeconds(30),
                () -> !api.get("/v1/sim/calls/" + mobile).json().path("alive").asBoolean());
    }

    /** The call to the handset {@code digits} once it was told to press 1. */
    private static String handset(Api api, String digits) {
        return Poll.until("the whisper on " + digits, Duration.ofSeconds(30), () -> {
            for (var c : api.get("/v1/sim/handsets/" + digits + "/calls").json().path("data")) {
                if (c.path("said").toString().contains("Press 1 to accept")) {
                    return c.path("callId").asText();
                }
            }
            return null;
        });
    }
}
