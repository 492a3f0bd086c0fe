package dev.cantila.engine.projects;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class ProjectsIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();
    private final Api operator = SERVER.operator();

    @Test
    void createsProjectAndItsKeyActsOnItOnly() {
        Resp created = operator.post("/v1/projects", obj("name", "Acme"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("/id");
        String key = created.text("/apiKey");
        assertThat(id).startsWith("proj_");
        assertThat(key).startsWith("ck_");

        Api own = operator.as(key);
        assertThat(own.get("/v1/projects/" + id).text("/name")).isEqualTo("Acme");
        assertThat(own.get("/v1/projects/" + id).json().has("apiKey")).as("key shown once").isFalse();

        String other = operator.post("/v1/projects", obj("name", "Other")).text("/id");
        Resp forbidden = own.get("/v1/projects/" + other);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.errorCode()).isEqualTo("forbidden");
        assertThat(own.get("/v1/projects/" + other + "/env").status()).isEqualTo(403);
        assertThat(own.get("/v1/projects/proj_doesnotexist").status()).as("no probing for ids").isEqualTo(403);
        assertThat(operator.get("/v1/projects/proj_doesnotexist").status()).isEqualTo(404);
        assertThat(own.post("/v1/projects", obj("name", "x")).status()).as("only the operator creates").isEqualTo(403);

        Resp list = own.get("/v1/projects");
        assertThat(list.json().get("data")).hasSize(1);
    }

    @Test
    void rejectsMissingAndBadKeys() {
        Resp none = operator.as(null).get("/v1/projects");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("unauthorized");
        assertThat(operator.as("wrong-key-wrong-key").get("/v1/projects").status()).isEqualTo(401);
        assertThat(operator.as("ck_nosuchkey_secret").get("/v1/projects").status()).isEqualTo(401);
        assertThat(operator.as(null).send("GET", "/v1/projects", null, Map.of("Authorization", "Basic abc")).status())
                .isEqualTo(401);
        assertThat(operator.as(null).get("/observe/health").status()).as("observe stays open").isEqualTo(200);
    }

    @Test
    void badInputIsA4xxNamingTheField() {
        Resp malformed = operator.post("/v1/projects", "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("invalid_json");

        Resp missing = operator.post("/v1/projects", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("/error/field")).isEqualTo("name");

        Resp wrongType = operator.post("/v1/projects", obj("name", 42));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.text("/error/field")).isEqualTo("name");

        Resp array = operator.post("/v1/projects", "[1,2]");
        assertThat(array.status()).isEqualTo(400);

        Resp huge = operator.post("/v1/projects", obj("name", "x".repeat(300 * 1024)));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.errorCode()).isEqualTo("payload_too_large");
    }

    @Test
    void environmentMasksSecretsAndReservesPlatformNames() {
        Resp created = operator.post("/v1/projects", obj("name", "Env"));
        String id = created.text("/id");
        Api own = operator.as(created.text("/apiKey"));
        assertThat(own.put("/v1/projects/" + id + "/env/GREETING", obj("value", "hello")).status()).isEqualTo(200);
        assertThat(own.put("/v1/projects/" + id + "/env/TOKEN", obj("value", "supersecretvalue", "secret", true))
                .status()).isEqualTo(200);
        Resp env = own.get("/v1/projects/" + id + "/env");
        assertThat(env.body()).contains("hello").doesNotContain("supersecretvalue").contains("****alue");
        Resp reserved = own.put("/v1/projects/" + id + "/env/CANTILA_SMS_NUMBER", obj("value", "+1"));
        assertThat(reserved.status()).isEqualTo(400);
        assertThat(reserved.errorCode()).isEqualTo("reserved_name");
        assertThat(own.delete("/v1/projects/" + id + "/env/GREETING").status()).isEqualTo(204);
        assertThat(own.delete("/v1/projects/" + id + "/env/GREETING").status()).isEqualTo(404);
    }
}
