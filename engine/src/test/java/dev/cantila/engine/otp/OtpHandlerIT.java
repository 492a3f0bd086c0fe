package dev.cantila.engine.otp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployed handler signs a user in with {@code ctx.otp}: "LOGIN" requests a code, the user reads it on the
 * simulated handset and texts it back, the handler's verify approves it. The code is in no execution record: not in
 * the verify action, not in the inbound body the record keeps, not in the handler's logs.
 */
class OtpHandlerIT {
    private static final MutableClock CLOCK = MutableClock.at("2026-12-03T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);
    private static final String USER = "+14155550177";
    private static final String HANDLER = """
            export async function onSms(sms, ctx) {
              const body = sms.body.trim();
              if (body.toUpperCase() === 'LOGIN') {
                const v = await ctx.otp.request(sms.from, { channel: 'auto', appName: 'Acme' });
                console.log('sent', v.id, v.status, v.checksLeft);
                return;
              }
              console.log('checking', body);
              try {
                const r = await ctx.otp.verify(sms.from, body);
                ctx.reply(r.status === 'approved' ? 'Signed in' : 'Wrong code, ' + r.checksLeft + ' tries left');
              } catch (e) {
                ctx.reply('Sign-in failed: ' + e.code);
              }
            }
            """;

    @Test
    void aCodeTextedBackIsApprovedByTheHandlerAndNeverLogged() {
        OtpFixture f = new OtpFixture(SERVER, CLOCK, "otp-handler");
        String sid = f.api.post("/v1/projects/" + f.project + "/scripts", obj("name", "signin", "source", HANDLER))
                .text("/id");
        Resp routed = f.api.put("/v1/numbers/" + f.sender.substring(1) + "/routing", obj("sms", Map.of("script", sid)));
        assertThat(routed.status()).as(routed.toString()).isEqualTo(200);

        text(f, "LOGIN");
        String code = f.code(USER);
        JsonNode verification = f.api.get(f.path("?to=%2B" + USER.substring(1))).json().get("data").get(0);
        assertThat(verification.get("channel").asText()).isEqualTo("auto");
        assertThat(verification.get("status").asText()).isEqualTo("pending");

        text(f, code.equals("000000") ? "111111" : "000000");
        assertThat(last(f)).isEqualTo("Wrong code, 4 tries left");
        text(f, code);
        assertThat(last(f)).isEqualTo("Signed in");
        assertThat(f.api.get(f.path("/" + verification.get("id").asText())).text("/status")).isEqualTo("approved");
        assertThat(f.events("otp.approved")).hasSize(1);
        text(f, code);
        assertThat(last(f)).isEqualTo("Sign-in failed: already_approved");

        JsonNode runs = f.api.get("/v1/projects/" + f.project + "/scripts/" + sid + "/executions").json().get("data");
        assertThat(runs).hasSize(4);
        assertThat(runs.toString()).doesNotContain(code);
        JsonNode approved = runs.get(1);
        assertThat(approved.at("/detail/actions/0/name").asText()).isEqualTo("otp.verify");
        assertThat(approved.at("/detail/actions/0/args/code").asText()).isEqualTo("[redacted]");
        assertThat(approved.at("/detail/actions/0/args/status").asText()).isEqualTo("approved");
        assertThat(approved.at("/detail/event/body").asText()).isEqualTo("[redacted]");
        assertThat(approved.at("/detail/logs/0/text").asText()).isEqualTo("checking [redacted]");
        JsonNode login = runs.get(3);
        assertThat(login.at("/detail/actions/0/name").asText()).isEqualTo("otp.request");
        assertThat(login.at("/detail/actions/0/messageId").asText()).isEqualTo(verification.get("id").asText());
        Resp numberLog = f.api.get("/v1/numbers/" + f.sender.substring(1) + "/executions");
        assertThat(numberLog.status()).as(numberLog.toString()).isEqualTo(200);
        assertThat(numberLog.json().get("data")).hasSize(4);
        assertThat(numberLog.body()).doesNotContain(code);
    }

    private void text(OtpFixture f, String body) {
        Resp in = f.api.post("/v1/sim/inbound-sms", obj("from", USER, "to", f.sender, "body", body));
        assertThat(in.status()).as(in.toString()).isEqualTo(201);
    }

    private static String last(OtpFixture f) {
        List<String> bodies = f.handset(USER);
        return bodies.get(bodies.size() - 1);
    }
}
