package dev.cantila.engine.shipped;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One-time codes as shipped: {@code ./cantila serve} with the shipped configuration makes its install secret in the
 * data directory (owner-only) on first start, a code requested through the API reaches the simulated handset in
 * clear while the stored message is redacted, the code verifies, and after a crash ({@code kill -9}) and restart the same secret still checks
 * the codes sent before it. By call and auto on the simulated switch: the code is heard on the handset's calls, masked
 * in the call's timeline.
 */
class OtpShippedIT {
    private static final Pattern CODE = Pattern.compile("code is (\\d{6})");
    private static final Pattern SPOKEN = Pattern.compile("code is ((?:\\d, ){5}\\d)\\.");
    static Shipped server;

    @BeforeAll
    static void start() {
        server = Shipped.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void requestReadTheHandsetVerifyAcrossARestart() throws Exception {
        Resp project = newProject("otp shipped");
        String p = project.text("/id");
        Api api = server.operator().as(project.text("/apiKey"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                server.dataDir().resolve("otp-secret")))).isEqualTo("rw-------");

        Resp first = api.post("/v1/projects/" + p + "/sms/otp/request", obj("to", "+14155550601", "appName", "Acme"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String code = codeOnHandset(api, "+14155550601");
        Resp stored = api.get("/v1/projects/" + p + "/sms/messages/" + first.text("/messageId"));
        assertThat(stored.text("/body")).contains("••••••").doesNotContain(code);
        assertThat(api.post("/v1/projects/" + p + "/sms/otp/verify", obj("to", "+14155550601", "code", code))
                .text("/status")).isEqualTo("approved");

        api.post("/v1/projects/" + p + "/sms/otp/request", obj("to", "+14155550602"));
        String second = codeOnHandset(api, "+14155550602");
        server.kill9();
        server.restart();
        Api after = new Api(server.base(), null).as(project.text("/apiKey"));
        assertThat(after.post("/v1/projects/" + p + "/sms/otp/verify", obj("to", "+14155550602", "code", second))
                .text("/status")).as("a code sent before the restart").isEqualTo("approved");
        assertThat(server.log()).doesNotContain(code).doesNotContain(second);
    }

    @Test
    void byCallAndAutoOnTheSimulatedSwitch() {
        Resp project = newProject("otp by call");
        String p = project.text("/id");
        Api api = server.operator().as(project.text("/apiKey"));

        Resp call = api.post("/v1/projects/" + p + "/sms/otp/request", obj("to", "+14155550611", "channel", "call"));
        assertThat(call.status()).as(call.toString()).isEqualTo(201);
        String code = codeHeard(api, "+14155550611");
        String timeline = api.get("/v1/projects/" + p + "/voice/calls/" + call.text("/callId")).body();
        assertThat(timeline).contains("•, •, •, •, •, •").doesNotContain(String.join(", ", code.split("")));
        assertThat(api.post("/v1/projects/" + p + "/sms/otp/verify", obj("to", "+14155550611", "code", code))
                .text("/status")).isEqualTo("approved");

        // auto to a number the shipped simulated carrier reports undelivered: the call follows without the 30 s
        Resp auto = api.post("/v1/projects/" + p + "/sms/otp/request", obj("to", "+15005550001", "channel", "auto"));
        assertThat(auto.status()).as(auto.toString()).isEqualTo(201);
        String heard = codeHeard(api, "+15005550001");
        assertThat(api.get("/v1/projects/" + p + "/sms/otp/" + auto.text("/id")).json().get("channels").toString())
                .isEqualTo("[\"sms\",\"call\"]");
        assertThat(api.post("/v1/projects/" + p + "/sms/otp/verify", obj("to", "+15005550001", "code", heard))
                .text("/status")).isEqualTo("approved");
        assertThat(server.log()).doesNotContain(code).doesNotContain(heard);
    }

    /** A new project with SMS active (a US local number, which can make calls too): its creation answer. */
    private static Resp newProject(String name) {
        Resp project = server.operator().post("/v1/projects", obj("name", name));
        Api api = server.operator().as(project.text("/apiKey"));
        assertThat(api.post("/v1/projects/" + project.text("/id") + "/sms/activate", obj("country", "US",
                "numberType", "local")).status()).isEqualTo(201);
        return project;
    }

    /** The code the first call to {@code to} said, as the callee heard it ("4, 8, 2, 9, 1, 3"). */
    private static String codeHeard(Api api, String to) {
        return Poll.until("the code said on a call to " + to, Duration.ofSeconds(20), () -> {
            Resp r = api.get("/v1/sim/handsets/" + to.substring(1) + "/calls");
            if (r.status() != 200 || r.json().get("data").isEmpty() || r.json().get("data").get(0).get("said").isEmpty()) {
                return null;
            }
            Matcher m = SPOKEN.matcher(r.json().get("data").get(0).get("said").get(0).asText());
            return m.find() ? m.group(1).replace(", ", "") : null;
        });
    }

    private static String codeOnHandset(Api api, String to) {
        return Poll.until("the code on " + to, Duration.ofSeconds(20), () -> {
            Resp r = api.get("/v1/sim/handsets/" + to.substring(1) + "/messages");
            if (r.status() != 200 || r.json().get("data").isEmpty()) {
                return null;
            }
            Matcher m = CODE.matcher(r.json().get("data").get(0).get("body").asText());
            return m.find() ? m.group(1) : null;
        });
    }
}
