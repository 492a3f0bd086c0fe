package dev.cantila.engine.http;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies as a client gets them wrong: a misspelt field is a 400 naming it (top level, nested, in an array
 * element), and broken JSON is a 400 whose message says what and where in plain words, without the parser's
 * internals.
 */
class JsonInputIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();
    private static Api api;
    private static String project;
    private static String number;

    @BeforeAll
    static void world() {
        var p = SERVER.newProject("json");
        project = p.id();
        api = p.api();
        number = SERVER.app().smsActivation().activate(project, "US", "local", null).e164();
    }

    private static void assertUnknown(Resp r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("unknown_field");
        assertThat(r.text("/error/field")).isEqualTo(field);
        assertThat(r.text("/error/message")).contains(field);
    }

    @Test
    void aMisspeltFieldIsNamedNotReportedAsAMissingOne() {
        assertUnknown(SERVER.operator().post("/v1/projects", obj("nmae", "x")), "nmae");
        assertUnknown(api.post("/v1/projects/" + project + "/sms/send", obj("to", "+14155550123", "body", "hi",
                "statusCallbak", "https://example.com/")), "statusCallbak");
    }

    @Test
    void nestedAndArrayElementFieldsAreCheckedToo() {
        assertUnknown(api.put("/v1/numbers/" + number + "/routing", obj("sms", Map.of("scirpt", "scr_x"))),
                "sms.scirpt");
        assertUnknown(api.post("/v1/projects/" + project + "/sms/bulk", obj("body", "hi",
                "recipients", List.of(Map.of("to", "+14155550123", "var", Map.of())))), "recipients[0].var");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\": ", "{\"name\": x}", "{\"name\": \"a\"} {}", "{'name': 'a'}", "[",
            "{\"name\": \"a\",}", "{\"name\": \"a\"\n\"helpText\": \"b\"}",
            "{\"name\": \"a\", \"name\": \"b\"}"})
    void brokenJsonIsExplainedWithoutParserInternals(String body) {
        Resp r = SERVER.operator().post("/v1/projects", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("invalid_json");
        String message = r.text("/error/message");
        assertThat(message).startsWith("the request body is not valid JSON")
                .doesNotContain("`", "Source", "REDACTED", "Feature", "jackson").hasSizeLessThan(200);
    }

    @Test
    void brokenJsonSaysWhere() {
        Resp r = SERVER.operator().post("/v1/projects", "{\n  \"name\": nope\n}");
        assertThat(r.text("/error/message")).contains("line 2, column");
    }
}
