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
 * the codes sent before it.
 */
class OtpShippedIT {
    private static final Pattern CODE = Pattern.compile("code is (\\d{6})");
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
        Api operator = server.operator();
        Resp project = operator.post("/v1/projects", obj("name", "otp shipped"));
        String p = project.text("/id");
        Api api = operator.as(project.text("/apiKey"));
        assertThat(api.post("/v1/projects/" + p + "/sms/activate", obj("country", "US", "numberType", "local"))
                .status()).isEqualTo(201);
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
