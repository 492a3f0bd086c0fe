package dev.cantila.engine.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler that sends far more than a run may: the sends beyond {@code cantila.scripts.max-sends-per-run} are
 * refused to the script, its reply is kept, and its execution is recorded, noting the cap (a run of ~450+ sends
 * once produced a record too long for its column, and the rollback lost the reply and the record).
 */
class SendCapIT {
    private static final int CAP = 20;
    private static final String FLOOD = """
            export async function onSms(sms, ctx) {
              ctx.reply('got it');
              let refused = 0, code = '';
              for (let i = 0; i < 1000; i++) {
                try {
                  const text = 'flood ' + i + ' ' + 'x'.repeat(60);
                  // replies are queued with the run's record; a send is stored at once: both count
                  if (i % 10 === 0) ctx.sms.send({ to: '+1415555' + (2000 + i), body: text });
                  else ctx.reply(text);
                } catch (e) {
                  refused++;
                  code = e.code;
                }
              }
              console.log('refused', refused, code);
            }
            """;
    @RegisterExtension
    static final TestServer SERVER = TestServer.withSettings(Map.of("cantila.scripts.max-sends-per-run",
            String.valueOf(CAP)));

    @Test
    void aRunSendsAtMostTheCapKeepsItsReplyAndIsRecordedWithTheCap() {
        var project = SERVER.newProject("flood");
        Api api = project.api();
        String number = api.post(project.path("/sms/activate"), obj("country", "US", "numberType", "local"))
                .text("/e164");
        String sid = api.post(project.path("/scripts"), obj("name", "flood", "source", FLOOD)).text("/id");
        api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("script", sid)));

        Resp in = api.post("/v1/sim/inbound-sms", obj("from", "+14155550190", "to", number, "body", "go"));
        assertThat(in.status()).as(in.body()).isEqualTo(201);

        JsonNode log = api.get(project.path("/scripts/" + sid + "/executions")).json().get("data");
        assertThat(log).as("the run is recorded").hasSize(1);
        JsonNode run = log.get(0);
        // 1,000 refusals take the interpreter a while on a loaded machine: the 2 s wall clock may end the run
        // first; then the sends it made are still capped and its record still notes the cap
        assertThat(run.get("outcome").asText()).isIn("ok", "timeout");
        int refused = run.at("/detail/sendCap/refused").asInt();
        assertThat(run.at("/detail/sendCap/limit").asInt()).isEqualTo(CAP);
        assertThat(refused).isPositive();
        if (run.get("outcome").asText().equals("ok")) {
            assertThat(refused).isEqualTo(1001 - CAP);
            assertThat(run.at("/detail/logs/0/text").asText()).isEqualTo("refused " + refused + " send_cap_reached");
        }
        assertThat(run.at("/detail/actions").size() + run.at("/detail/actionsDropped").asInt())
                .as("every action is either listed or counted").isEqualTo(CAP + refused);
        assertThat(run.at("/detail/actions/0/name").asText()).isEqualTo("reply");

        assertThat(count(project.id(), "direction = 'outbound'")).as("exactly the cap left").isEqualTo(CAP);
        assertThat(count(project.id(), "direction = 'outbound' AND to_e164 = '+14155550190' AND body = 'got it'"))
                .as("the reply is kept").isEqualTo(1);
        assertThat(count(project.id(), "direction = 'outbound' AND to_e164 = '+14155552000'")).as("the first send")
                .isEqualTo(1);
    }

    private static long count(String project, String where) {
        return Database.one(SERVER.app().database().exec(), "SELECT COUNT(*) AS n FROM sms_messages"
                + " WHERE project_id = ? AND " + where, r -> Database.lng(r, "n"), project).orElseThrow();
    }
}
