package dev.cantila.engine.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class LogsTest {
    private static LogRecord record() {
        LogRecord r = new LogRecord(Level.WARNING, "first line\nsecond line \u001b[31mred");
        r.setLoggerName("dev.cantila.x");
        r.setThrown(new IllegalStateException("outer", new RuntimeException("inner\ncause")));
        return r;
    }

    @Test
    void textIsOneLinePerRecordWithTheStackFolded() {
        String line = new Logs.TextLines().format(record());
        assertThat(line).endsWith(System.lineSeparator());
        String body = line.substring(0, line.length() - System.lineSeparator().length());
        assertThat(body).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b");
        assertThat(body).contains(" WARNING dev.cantila.x: first line\\nsecond line \\e[31mred | ")
                .contains("java.lang.IllegalStateException: outer").contains("Caused by: java.lang.RuntimeException: inner\\ncause");
    }

    @Test
    void jsonIsOneObjectPerLine() throws Exception {
        String line = new Logs.JsonLines().format(record());
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("WARNING");
        assertThat(json.get("logger").asText()).isEqualTo("dev.cantila.x");
        assertThat(json.get("message").asText()).isEqualTo("first line\nsecond line \u001b[31mred");
        assertThat(json.get("error").asText()).contains("IllegalStateException: outer").contains("inner\ncause");
        assertThat(json.get("time").asText()).endsWith("Z");
    }
}
