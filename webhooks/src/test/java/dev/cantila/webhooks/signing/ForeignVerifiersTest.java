package dev.cantila.webhooks.signing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the Node and Python verification snippets exactly as documented in the module README against payloads
 * signed by {@link WebhookSigner}: an independent implementation of the spec, and a check that the docs work.
 * Each test is skipped, saying so, when its interpreter is not installed.
 */
class ForeignVerifiersTest {
    private static final String SECRET = "whsec_0123456789abcdefghjkmnpqrstv";
    private static final byte[] BODY = "{\"id\":\"evt_01\",\"type\":\"sms.inbound\",\"data\":{\"body\":\"Grüße ✓\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private static final String NODE_CALL = """

            const body = Buffer.from(process.env.CANTILA_BODY_B64, 'base64');
            const secrets = process.env.CANTILA_SECRETS.split(' ');
            try {
              verifyCantilaSignature(body, process.env.CANTILA_SIGNATURE, secrets);
              console.log('verified');
            } catch (e) {
              console.log('rejected: ' + e.message);
            }
            """;

    private static final String PYTHON_CALL = """

            import base64, os
            body = base64.b64decode(os.environ["CANTILA_BODY_B64"])
            try:
                verify_cantila_signature(body, os.environ["CANTILA_SIGNATURE"], os.environ["CANTILA_SECRETS"].split(" "))
                print("verified")
            except ValueError as e:
                print("rejected: " + str(e))
            """;

    @Test
    void documentedNodeSnippetVerifiesCantilaSignatures() throws Exception {
        assumeTrue(onPath("node"), "node is not installed: the README's Node snippet is not checked");
        checkDocumentedVerifier(List.of("node", "-e", readmeBlock("js") + NODE_CALL));
    }

    @Test
    void documentedPythonSnippetVerifiesCantilaSignatures() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed: the README's Python snippet is not checked");
        checkDocumentedVerifier(List.of("python3", "-c", readmeBlock("python") + PYTHON_CALL));
    }

    /** Valid, rotated (two v1), tampered and stale signatures, each judged by the foreign program. */
    private static void checkDocumentedVerifier(List<String> program) throws Exception {
        assertThat(run(program, header(List.of(SECRET)), BODY, SECRET)).isEqualTo("verified");
        assertThat(run(program, header(List.of("whsec_new", SECRET)), BODY, SECRET)).isEqualTo("verified");
        assertThat(run(program, header(List.of(SECRET)), tampered(), SECRET))
                .startsWith("rejected: no Cantila-Signature v1 matches");
        assertThat(run(program, staleHeader(), BODY, SECRET))
                .startsWith("rejected: Cantila-Signature timestamp outside");
    }

    private static String header(List<String> secrets) {
        return WebhookSigner.header(Instant.now().getEpochSecond(), BODY, secrets);
    }

    private static String staleHeader() {
        return WebhookSigner.header(Instant.now().getEpochSecond() - 301, BODY, List.of(SECRET));
    }

    private static byte[] tampered() {
        byte[] copy = BODY.clone();
        copy[copy.length - 3] ^= 1;
        return copy;
    }

    private static String readmeBlock(String language) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("a ```%s block in webhooks/README.md", language).isTrue();
        return m.group(1);
    }

    private static String run(List<String> command, String header, byte[] body, String secrets) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CANTILA_BODY_B64", Base64.getEncoder().encodeToString(body));
        pb.environment().put("CANTILA_SIGNATURE", header);
        pb.environment().put("CANTILA_SECRETS", secrets);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command.getFirst()).isTrue();
        assertThat(process.exitValue()).as("%s exit status; output: %s", command.getFirst(), out).isZero();
        return out;
    }

    private static boolean onPath(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
