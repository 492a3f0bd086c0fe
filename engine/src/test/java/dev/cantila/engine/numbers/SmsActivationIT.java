package dev.cantila.engine.numbers;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** SMS activation and deactivation exactly as the product page describes them. */
class SmsActivationIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();
    private final Api operator = SERVER.operator();
    private String project;
    private Api api;

    @BeforeEach
    void newProject() {
        var created = SERVER.newProject("acme");
        project = created.id();
        api = created.api();
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    @Test
    void activationProvisionsBillsAndWiresTheNumberOnce() {
        Resp on = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local"));
        assertThat(on.status()).isEqualTo(201);
        String number = on.text("/e164");
        assertThat(number).startsWith("+1");
        assertThat(on.json().at("/capabilities/sms").asBoolean()).isTrue();
        assertThat(on.text("/env/CANTILA_SMS_NUMBER")).isEqualTo(number);
        String smsKey = on.text("/env/CANTILA_SMS_API_KEY");
        assertThat(smsKey).startsWith("ck_");

        Resp env = api.get(path("/env"));
        assertThat(env.body()).contains(number).doesNotContain(smsKey).contains("****");

        Resp again = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("/e164")).isEqualTo(number);
        assertThat(again.body()).doesNotContain(smsKey);
        assertThat(api.get(path("/billing/charges")).json().get("data")).as("no second charge").hasSize(2);

        Api sms = operator.as(smsKey);
        assertThat(sms.post(path("/sms/send"), obj("to", "+14155550123", "body", "hi")).status()).isEqualTo(201);
        assertThat(sms.get(path("/sms/number")).text("/e164")).isEqualTo(number);
        assertThat(sms.get(path("/env")).status()).as("SMS key is for /sms only").isEqualTo(403);
        assertThat(sms.post(path("/sms/deactivate"), "{}").status()).isEqualTo(403);
        assertThat(api.delete("/v1/numbers/" + number.substring(1)).errorCode()).isEqualTo("number_in_use");

        String later = api.post(path("/sms/send"), obj("to", "+14155550124", "body", "tomorrow",
                "sendAt", java.time.Instant.now().plusSeconds(86_400).toString())).text("/id");
        Resp off = api.post(path("/sms/deactivate"), "{}");
        Resp pending = api.get(path("/sms/messages/" + later));
        assertThat(pending.text("/status")).as("nothing leaves later from a released number").isEqualTo("canceled");
        assertThat(pending.body()).contains("the sending number was released");
        assertThat(off.status()).isEqualTo(200);
        assertThat(api.get(path("/env")).body()).doesNotContain("CANTILA_SMS");
        assertThat(sms.get(path("/sms/messages")).status()).as("SMS key revoked").isEqualTo(401);
        assertThat(api.post(path("/sms/send"), obj("to", "+14155550123", "body", "hi")).errorCode())
                .isEqualTo("sms_not_active");
        assertThat(api.post(path("/sms/deactivate"), "{}").errorCode()).isEqualTo("sms_not_active");
        assertThat(api.get(path("/sms/number")).errorCode()).isEqualTo("sms_not_active");
        assertThat(api.get("/v1/numbers/" + number.substring(1)).text("/status")).isEqualTo("aging");
    }

    @Test
    void activationByNumberChecksItAndInputs() {
        String gbLandline = api.get("/v1/numbers/catalog?country=GB&type=local&limit=1").text("/data/0/e164");
        Resp landline = api.post(path("/sms/activate"), obj("country", "GB", "numberType", "local", "e164", gbLandline));
        assertThat(landline.status()).isEqualTo(422);
        assertThat(landline.errorCode()).isEqualTo("number_not_sms_capable");

        String gbMobile = api.get("/v1/numbers/catalog?country=GB&type=mobile&limit=1").text("/data/0/e164");
        Resp mismatch = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local", "e164", gbMobile));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.text("/error/field")).isEqualTo("e164");
        Resp mobile = api.post(path("/sms/activate"), obj("country", "GB", "numberType", "mobile", "e164", gbMobile));
        assertThat(mobile.status()).isEqualTo(201);
        assertThat(mobile.text("/e164")).isEqualTo(gbMobile);
        String otherMobile = api.get("/v1/numbers/catalog?country=GB&type=mobile&limit=1").text("/data/0/e164");
        assertThat(api.post(path("/sms/activate"), obj("country", "GB", "numberType", "mobile", "e164", otherMobile))
                .errorCode()).isEqualTo("sms_already_active");

        Resp other = operator.post("/v1/projects", obj("name", "b"));
        Api b = operator.as(other.text("/apiKey"));
        String pathB = "/v1/projects/" + other.text("/id") + "/sms/activate";
        assertThat(b.post(pathB, obj("numberType", "local")).text("/error/field")).isEqualTo("country");
        assertThat(b.post(pathB, obj("country", "US")).text("/error/field")).isEqualTo("numberType");
        assertThat(b.post(pathB, obj("country", "FR", "numberType", "local")).text("/error/field")).isEqualTo("country");
        assertThat(b.post(pathB, obj("country", "US", "numberType", "pager")).text("/error/field")).isEqualTo("numberType");
        assertThat(b.post(pathB, obj("country", "GB", "numberType", "mobile", "e164", gbMobile)).status())
                .as("taken by the first project").isEqualTo(409);
        assertThat(b.post(pathB, "not json").errorCode()).isEqualTo("invalid_json");
        assertThat(b.post(path("/sms/activate"), obj("country", "US", "numberType", "local")).status()).isEqualTo(403);
        assertThat(b.as(null).post(pathB, obj("country", "US", "numberType", "local")).status()).isEqualTo(401);
    }
}
