package dev.cantila.engine.scripts;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Warm contexts end to end (README, "Module state between events"): one script worker, so every inbound message
 * of a test meets the warm context its previous one left, where the rules allow.
 */
class WarmScriptsIT {
    private static final String COUNTER = """
            let events = 0;
            export function onSms(sms, ctx) {
              events++;
              console.log('event ' + events);
              if (sms.body === 'fail') throw new Error('asked to');
            }
            """;
    @RegisterExtension
    static final TestServer SERVER = TestServer.withSettings(Map.of("cantila.scripts.workers", "1",
            "cantila.scripts.per-project-workers", "1"));
    private Api api;
    private String project;
    private String number;

    @BeforeEach
    void newProject() {
        var created = SERVER.newProject("warm");
        project = created.id();
        api = created.api();
        number = api.post("/v1/projects/" + project + "/sms/activate", obj("country", "US", "numberType", "local"))
                .text("/e164");
    }

    @Test
    void moduleStatePersistsBetweenEventsOfTheDeployedVersionUntilAFailureOrADeploy() {
        String sid = route(COUNTER);

        for (String body : List.of("a", "b", "fail", "c", "d")) {
            assertThat(api.post("/v1/sim/inbound-sms", obj("from", "+14155550181", "to", number, "body", body))
                    .status()).isEqualTo(201);
        }
        api.post("/v1/projects/" + project + "/scripts/" + sid + "/deploy", obj("version", 1));
        api.post("/v1/sim/inbound-sms", obj("from", "+14155550181", "to", number, "body", "e"));

        assertThat(firstLogLines(sid)).containsExactly("event 1", "event 2", "event 3", "event 1", "event 2",
                "event 1");
    }

    @Test
    void anotherProjectWithTheSameTextStartsFresh() {
        String sid = route(COUNTER);
        api.post("/v1/sim/inbound-sms", obj("from", "+14155550182", "to", number, "body", "a"));
        api.post("/v1/sim/inbound-sms", obj("from", "+14155550182", "to", number, "body", "b"));
        String mine = project;

        newProject();
        String other = route(COUNTER);
        api.post("/v1/sim/inbound-sms", obj("from", "+14155550182", "to", number, "body", "a"));

        assertThat(firstLogLines(other)).containsExactly("event 1");
        assertThat(mine).isNotEqualTo(project);
        assertThat(sid).isNotEqualTo(other);
    }

    private String route(String source) {
        String sid = api.post("/v1/projects/" + project + "/scripts", obj("name", "counter", "source", source))
                .text("/id");
        assertThat(api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("script", sid)))
                .status()).isEqualTo(200);
        return sid;
    }

    /** The first log line of each execution, oldest first. */
    private List<String> firstLogLines(String sid) {
        JsonNode log = api.get("/v1/projects/" + project + "/scripts/" + sid + "/executions").json().get("data");
        List<String> lines = new ArrayList<>();
        log.forEach(e -> lines.addFirst(e.at("/detail/logs/0/text").asText()));
        return lines;
    }
}
