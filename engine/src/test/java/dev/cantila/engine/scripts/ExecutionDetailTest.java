package dev.cantila.engine.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.http.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionDetailTest {

    private static Map<String, Object> run(int actions, int logs, int bodyLength) {
        List<Map<String, Object>> done = new ArrayList<>();
        for (int i = 0; i < actions; i++) {
            String body = "\"q\" " + "x".repeat(bodyLength);
            done.add(Map.of("name", "send", "args", Map.of("to", "+14155550100", "body", body), "messageId", "msg_" + i));
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < logs; i++) {
            lines.add(Map.of("level", "info", "text", "line " + i));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("event", Map.of("from", "+14155550123", "body", "go"));
        detail.put("actions", done);
        detail.put("logs", lines);
        detail.put("error", null);
        return detail;
    }

    @Test
    void aDetailThatFitsIsUnchanged() {
        Map<String, Object> small = run(3, 2, 10);
        assertThat(ExecutionDetail.fit(small, Executions.MAX_DETAIL)).isEqualTo(Json.write(small));
    }

    @Test
    void listsAreCutOnceWithCountsAndNothingIsEncodedTwice() {
        String json = ExecutionDetail.fit(run(1000, 100, 200), Executions.MAX_DETAIL);
        assertThat(json.length()).isLessThanOrEqualTo(Executions.MAX_DETAIL);
        JsonNode d = Json.parse(json);
        assertThat(d.get("event").get("body").asText()).isEqualTo("go");
        assertThat(d.get("actions").size() + d.get("actionsDropped").asInt()).isEqualTo(1000);
        assertThat(d.get("actions").get(0).at("/args/body").asText()).startsWith("\"q\" xxx");
        assertThat(d.get("logs")).as("the short list is kept whole").hasSize(100);
        assertThat(d.has("logsDropped")).isFalse();
        assertThat(d.has("head")).isFalse();
        assertThat(json).as("a quote escaped twice").doesNotContain("\\\\\\\"");
    }

    @Test
    void theRoomIsSharedBetweenTwoLongLists() {
        JsonNode d = Json.parse(ExecutionDetail.fit(run(2000, 20_000, 100), 65_000));
        assertThat(d.get("actions").size()).isPositive();
        assertThat(d.get("logs").size()).isPositive();
        assertThat(d.get("actionsDropped").asInt()).isPositive();
        assertThat(d.get("logsDropped").asInt()).isPositive();
    }

    @Test
    void whatIsNotAListAndTooLongLeavesOnlyTheLength() {
        JsonNode d = Json.parse(ExecutionDetail.fit(Map.of("error", "e".repeat(70_000)), 65_000));
        assertThat(d.get("truncated").asBoolean()).isTrue();
        assertThat(d.get("length").asInt()).isGreaterThan(70_000);
    }
}
