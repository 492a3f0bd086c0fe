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
 * function; a text gets the hello function's reply.
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
}
