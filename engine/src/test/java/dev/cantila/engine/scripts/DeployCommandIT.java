package dev.cantila.engine.scripts;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import dev.cantila.scripts.cli.DeployCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cantila deploy} against a real server: upload, deploy, bind, redeploy as a new version, errors. */
class DeployCommandIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();

    private String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new CommandLine(new DeployCommand(new PrintStream(out, true, StandardCharsets.UTF_8))).execute(args);
        return code + " " + out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void deployUploadsBindsAndRedeploysAsANewVersion(@TempDir Path dir) throws Exception {
        var project = SERVER.newProject("deploy");
        var api = project.api();
        String number = api.post("/v1/projects/" + project.id() + "/sms/activate",
                obj("country", "US", "numberType", "local")).text("/e164");
        api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("voice", Map.of("voicemail", true)));
        Path sample = Files.createDirectories(dir.resolve("greeter")).resolve("handler.js");
        Files.writeString(sample, "export function onSms(sms, ctx) { ctx.reply('v1'); }\n");
        String server = api.base().toString();

        String first = run(sample.toString(), "--project", project.id(), "--number", number, "--server", server,
                "--key", TestApps.OPERATOR_KEY);
        assertThat(first).startsWith("0 deployed greeter.js as scr_").contains("version 1").contains("/v1/sim/inbound-sms");
        var routing = api.get("/v1/numbers/" + number.substring(1) + "/routing").json();
        assertThat(routing.at("/sms/kind").asText()).isEqualTo("script");
        assertThat(routing.at("/voice/kind").asText()).as("voice routing kept").isEqualTo("voicemail");

        Files.writeString(sample, "export function onSms(sms, ctx) { ctx.reply('v2'); }\n"
                + "export async function onCall(call) { await call.say('hi'); }\n");
        String second = run(sample.toString(), "--project", project.id(), "--number", number, "--server", server,
                "--key", TestApps.OPERATOR_KEY);
        assertThat(second).startsWith("0 deployed greeter.js as ").contains("version 2").contains("/v1/sim/inbound-call");
        String sid = routing.at("/sms/target").asText();
        assertThat(api.get("/v1/projects/" + project.id() + "/scripts/" + sid).text("/deployedVersion")).isEqualTo("2");
        assertThat(api.get("/v1/numbers/" + number.substring(1) + "/routing").json().at("/voice/target").asText())
                .isEqualTo(sid);

        Files.writeString(sample, "export function onSms(sms, ctx) { return (; }\n");
        assertThat(run(sample.toString(), "--project", project.id(), "--number", number, "--server", server,
                "--key", TestApps.OPERATOR_KEY)).startsWith("1 ").contains("400").contains("greeter.js:1:");
        assertThat(run(sample.toString(), "--project", project.id(), "--number", number, "--server", server,
                "--key", "ck_wrong_key")).startsWith("1 ").contains("401");
    }
}
