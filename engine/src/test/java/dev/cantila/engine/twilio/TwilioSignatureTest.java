package dev.cantila.engine.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * X-Twilio-Signature as the official {@code twilio} helper library (pinned in engine/src/test/twilio-node, installed
 * by run-tests) validates it: every signature we make is accepted by its {@code validateRequest}, and a tampered
 * request is refused by it and by us.
 */
class TwilioSignatureTest {
    private static final File NODE_DIR = new File("src/test/twilio-node");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "12345678901234567890123456789012";

    @Test
    void theOfficialLibraryAcceptsOurSignatures() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        Map<String, String> sms = new LinkedHashMap<>();
        sms.put("MessageSid", "msg_01hx");
        sms.put("From", "+14155550123");
        sms.put("To", "+14155550100");
        sms.put("Body", "héllo & goodbye = 100% ✓ +1");
        sms.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
        sms.put("NumMedia", "0");
        cases.add(signed("https://example.com/sms", sms));
        cases.add(signed("https://example.com:8443/voice/answer?lang=en&x=a%20b", Map.of("CallSid", "call_1",
                "Digits", "1234#", "CallStatus", "in-progress")));
        cases.add(signed("https://example.com/empty", Map.of()));
        // a GET: the parameters are in the query and nothing is appended
        cases.add(signedGet("https://example.com/twiml?" + TwilioRequests.form(sms)));

        List<Boolean> verdicts = validate(cases);
        assertThat(verdicts).containsOnly(true).hasSize(cases.size());
    }

    @Test
    void aTamperedRequestIsRefusedByTheLibraryAndByUs() throws Exception {
        Map<String, String> params = Map.of("Body", "pay 10", "From", "+14155550123");
        String sig = TwilioSignature.sign(TOKEN, "https://example.com/sms", List.copyOf(params.entrySet()));
        Map<String, Object> tampered = new LinkedHashMap<>();
        tampered.put("token", TOKEN);
        tampered.put("signature", sig);
        tampered.put("url", "https://example.com/sms");
        tampered.put("params", Map.of("Body", "pay 1000", "From", "+14155550123"));
        Map<String, Object> otherToken = new LinkedHashMap<>(signed("https://example.com/sms", params));
        otherToken.put("token", "ffffffffffffffffffffffffffffffff");

        assertThat(validate(List.of(tampered, otherToken))).containsExactly(false, false);
        assertThat(TwilioSignature.valid(TOKEN, "https://example.com/sms",
                List.copyOf(Map.of("Body", "pay 1000", "From", "+14155550123").entrySet()), sig)).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, "https://example.com/sms", List.copyOf(params.entrySet()), sig))
                .isTrue();
    }

    @Test
    void theSignatureIsTheDocumentedHmacOfTheUrlAndSortedParameters() {
        // Base64(HMAC-SHA1(token, url + "A1" + "B2")) whatever order the parameters come in
        String inOrder = TwilioSignature.sign(TOKEN, "https://x.example/a", List.of(Map.entry("A", "1"),
                Map.entry("B", "2")));
        String reversed = TwilioSignature.sign(TOKEN, "https://x.example/a", List.of(Map.entry("B", "2"),
                Map.entry("A", "1")));
        String asGet = TwilioSignature.sign(TOKEN, "https://x.example/aA1B2", List.of());
        assertThat(inOrder).isEqualTo(reversed).isEqualTo(asGet);
    }

    private static Map<String, Object> signed(String url, Map<String, String> params) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("token", TOKEN);
        c.put("signature", TwilioSignature.sign(TOKEN, url, List.copyOf(params.entrySet())));
        c.put("url", url);
        c.put("params", params);
        return c;
    }

    private static Map<String, Object> signedGet(String url) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("token", TOKEN);
        c.put("signature", TwilioSignature.sign(TOKEN, url, List.of()));
        c.put("url", url);
        c.put("params", Map.of());
        return c;
    }

    private static List<Boolean> validate(List<Map<String, Object>> cases) throws Exception {
        assertThat(new File(NODE_DIR, "node_modules/twilio")).as("the twilio library: run ./run-tests, or npm ci in "
                + NODE_DIR).isDirectory();
        Process p = new ProcessBuilder("node", "validate.js").directory(NODE_DIR).redirectErrorStream(true).start();
        p.getOutputStream().write(JSON.writeValueAsBytes(cases));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return List.of(JSON.readValue(out, Boolean[].class));
    }
}
