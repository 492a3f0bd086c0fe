package dev.cantila.engine.sms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplatesIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();
    private final Api operator = SERVER.operator();

    /** A new project, acting with its own key. */
    private record Project(String id, Api api, String base) {
    }

    private Project project() {
        Resp created = operator.post("/v1/projects", obj("name", "Templates"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("/id");
        return new Project(id, operator.as(created.text("/apiKey")), "/v1/projects/" + id + "/sms/templates");
    }

    private static void assertError(Resp r, int status, String code, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.errorCode()).as(r.toString()).isEqualTo(code);
        if (field != null) {
            assertThat(r.text("/error/field")).as(r.toString()).isEqualTo(field);
        }
    }

    @Test
    void createReadReplaceDelete() {
        Project p = project();
        Resp created = p.api().post(p.base(), obj("name", " welcome ", "body", "Hi {{name}}, code {{ code }}"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode t = created.json();
        String tid = t.get("id").asText();
        assertThat(tid).startsWith("tpl_");
        assertThat(t.get("projectId").asText()).isEqualTo(p.id());
        assertThat(t.get("name").asText()).isEqualTo("welcome");
        assertThat(t.get("body").asText()).isEqualTo("Hi {{name}}, code {{ code }}");
        assertThat(t.get("variables")).extracting(JsonNode::asText).containsExactly("name", "code");
        assertThat(t.get("createdAt").asText()).isEqualTo(t.get("updatedAt").asText()).endsWith("Z");

        Resp got = p.api().get(p.base() + "/" + tid);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json()).isEqualTo(t);

        Resp replaced = p.api().put(p.base() + "/" + tid, obj("name", "welcome2", "body", "Hello {{first}}"));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.text("/name")).isEqualTo("welcome2");
        assertThat(replaced.text("/createdAt")).isEqualTo(t.get("createdAt").asText());
        assertThat(replaced.json().get("variables")).extracting(JsonNode::asText).containsExactly("first");
        assertThat(p.api().put(p.base() + "/" + tid, obj("name", "welcome2", "body", "same name again")).status())
                .as("keeping its own name is not a conflict").isEqualTo(200);

        assertThat(p.api().delete(p.base() + "/" + tid).status()).isEqualTo(204);
        assertError(p.api().get(p.base() + "/" + tid), 404, "not_found", null);
        assertError(p.api().delete(p.base() + "/" + tid), 404, "not_found", null);
    }

    @Test
    void listPagesNewestFirstWithACursor() {
        Project p = project();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(p.api().post(p.base(), obj("name", "t" + i, "body", "body " + i)).text("/id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Resp page = p.api().get(p.base() + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("data").forEach(n -> seen.add(n.get("id").asText()));
            cursor = page.json().get("nextCursor").isNull() ? null : page.text("/nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids.reversed());
        assertError(p.api().get(p.base() + "?limit=0"), 400, "invalid_request", "limit");
        assertThat(project().api().get(project().base()).status()).isEqualTo(403);
    }

    @Test
    void previewRendersAndCountsSegments() {
        Project p = project();
        String tid = p.api().post(p.base(), obj("name", "otp", "body", "Your code is {{code}}, {{name}}")).text("/id");
        Resp preview = p.api().post(p.base() + "/" + tid + "/preview",
                obj("vars", Map.of("code", 123456, "name", "Zoë", "extra", "ignored")));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.text("/body")).isEqualTo("Your code is 123456, Zoë");
        assertThat(preview.text("/encoding")).isEqualTo("UCS-2");
        assertThat(preview.json().get("segments").asInt()).isEqualTo(1);
        assertThat(preview.json().get("variables")).extracting(JsonNode::asText).containsExactly("code", "name");

        Resp gsm = p.api().post(p.base() + "/" + tid + "/preview",
                obj("vars", Map.of("code", "1", "name", "x".repeat(200))));
        assertThat(gsm.text("/encoding")).isEqualTo("GSM-7");
        assertThat(gsm.json().get("segments").asInt()).isEqualTo(2);

        Resp missing = p.api().post(p.base() + "/" + tid + "/preview", obj("vars", Map.of()));
        assertError(missing, 400, "missing_template_variables", "vars");
        assertThat(missing.text("/error/message")).isEqualTo("missing template variables: code, name");
        assertError(p.api().post(p.base() + "/" + tid + "/preview", "{}"), 400, "missing_template_variables", "vars");
        assertError(p.api().post(p.base() + "/" + tid + "/preview", obj("vars", "code")), 400, "invalid_request",
                "vars");
        assertError(p.api().post(p.base() + "/tpl_nope/preview", obj("vars", Map.of())), 404, "not_found", null);
    }

    @Test
    void renderIsTheSendPathsEntryPoint() {
        Project p = project();
        String tid = p.api().post(p.base(), obj("name", "r", "body", "Hi {{name}}")).text("/id");
        Templates templates = SERVER.app().templates();
        assertThat(templates.render(p.id(), tid, Map.of("name", "Ada"))).isEqualTo("Hi Ada");
        assertThatThrownBy(() -> templates.render(p.id(), tid, Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("missing_template_variables"));
        assertThatThrownBy(() -> templates.render(project().id(), tid, Map.of("name", "Ada")))
                .as("another project's template").isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.NOT_FOUND));
    }

    @Test
    void invalidInputIsA400NamingTheField() {
        Project p = project();
        assertError(p.api().post(p.base(), "{\"name\": "), 400, "invalid_json", null);
        assertError(p.api().post(p.base(), "[]"), 400, "invalid_json", null);
        assertError(p.api().post(p.base(), obj("body", "x")), 400, "invalid_request", "name");
        assertError(p.api().post(p.base(), obj("name", "x")), 400, "invalid_request", "body");
        assertError(p.api().post(p.base(), obj("name", 7, "body", "x")), 400, "invalid_request", "name");
        assertError(p.api().post(p.base(), obj("name", "  ", "body", "x")), 400, "invalid_request", "name");
        assertError(p.api().post(p.base(), obj("name", "n".repeat(101), "body", "x")), 400, "invalid_request", "name");
        assertThat(p.api().post(p.base(), obj("name", "n".repeat(100), "body", "b".repeat(1600))).status())
                .isEqualTo(201);
        assertError(p.api().post(p.base(), obj("name", "long", "body", "b".repeat(1601))), 400, "invalid_request",
                "body");
        assertError(p.api().post(p.base(), obj("name", "blank", "body", " ")), 400, "invalid_request", "body");
        Resp unclosed = p.api().post(p.base(), obj("name", "bad", "body", "Hi {{name"));
        assertError(unclosed, 400, "invalid_template", "body");
        assertThat(unclosed.text("/error/message")).contains("unclosed {{");
        assertError(p.api().post(p.base(), obj("name", "bad", "body", "Hi {{first name}}")), 400, "invalid_template",
                "body");
        assertError(p.api().post(p.base(), obj("name", "huge", "body", "x".repeat(300 * 1024))), 413,
                "payload_too_large", null);

        String tid = p.api().post(p.base(), obj("name", "ok", "body", "x")).text("/id");
        assertError(p.api().put(p.base() + "/" + tid, obj("name", "ok")), 400, "invalid_request", "body");
        assertError(p.api().put(p.base() + "/" + tid, obj("name", "ok", "body", "{{")), 400, "invalid_template",
                "body");
        assertThat(p.api().get(p.base() + "/" + tid).text("/body")).as("a rejected replace changes nothing")
                .isEqualTo("x");
    }

    @Test
    void duplicateNameIsAConflict() {
        Project p = project();
        assertThat(p.api().post(p.base(), obj("name", "dup", "body", "one")).status()).isEqualTo(201);
        assertError(p.api().post(p.base(), obj("name", "dup", "body", "two")), 409, "template_name_taken", null);
        assertError(p.api().post(p.base(), obj("name", " dup ", "body", "two")), 409, "template_name_taken", null);
        String other = p.api().post(p.base(), obj("name", "other", "body", "x")).text("/id");
        assertError(p.api().put(p.base() + "/" + other, obj("name", "dup", "body", "x")), 409, "template_name_taken",
                null);
        Project q = project();
        assertThat(q.api().post(q.base(), obj("name", "dup", "body", "one")).status())
                .as("names are unique per project only").isEqualTo(201);
    }

    @Test
    void unknownIdsAre404() {
        Project p = project();
        assertError(p.api().get(p.base() + "/tpl_nope"), 404, "not_found", null);
        assertError(p.api().put(p.base() + "/tpl_nope", obj("name", "a", "body", "b")), 404, "not_found", null);
        assertError(p.api().delete(p.base() + "/tpl_nope"), 404, "not_found", null);
        assertError(operator.get("/v1/projects/proj_nope/sms/templates"), 404, "not_found", null);
        assertError(operator.post("/v1/projects/proj_nope/sms/templates", obj("name", "a", "body", "b")), 404,
                "not_found", null);
    }

    @Test
    void keysAreCheckedAndProjectsAreIsolated() {
        Project p = project();
        Project q = project();
        String tid = p.api().post(p.base(), obj("name", "mine", "body", "secret {{x}}")).text("/id");

        assertError(p.api().as(null).get(p.base()), 401, "unauthorized", null);
        assertError(p.api().as("ck_nosuch_key").get(p.base() + "/" + tid), 401, "unauthorized", null);
        assertError(p.api().as("wrong-key").post(p.base(), obj("name", "a", "body", "b")), 401, "unauthorized", null);

        assertError(q.api().get(p.base()), 403, "forbidden", null);
        assertError(q.api().get(p.base() + "/" + tid), 403, "forbidden", null);
        assertError(q.api().put(p.base() + "/" + tid, obj("name", "a", "body", "b")), 403, "forbidden", null);
        assertError(q.api().delete(p.base() + "/" + tid), 403, "forbidden", null);
        assertError(q.api().post(p.base() + "/" + tid + "/preview", obj("vars", Map.of("x", "1"))), 403,
                "forbidden", null);
        assertError(q.api().post(p.base(), obj("name", "a", "body", "b")), 403, "forbidden", null);

        assertError(q.api().get(q.base() + "/" + tid), 404, "not_found", null);
        assertError(q.api().delete(q.base() + "/" + tid), 404, "not_found", null);
        assertError(q.api().post(q.base() + "/" + tid + "/preview", obj("vars", Map.of("x", "1"))), 404,
                "not_found", null);
        assertThat(operator.get(p.base() + "/" + tid).status()).as("the operator sees every project").isEqualTo(200);
        assertThat(p.api().get(p.base() + "/" + tid).status()).as("untouched").isEqualTo(200);
    }
}
