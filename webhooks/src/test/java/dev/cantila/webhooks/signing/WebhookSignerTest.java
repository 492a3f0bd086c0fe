package dev.cantila.webhooks.signing;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignerTest {
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"data\":{\"body\":\"héllo\"}}".getBytes(StandardCharsets.UTF_8);

    /** The spec, written out independently: hex(HMAC-SHA256(key = secret bytes, message = t + "." + body)). */
    private static String specHmac(String secret, long t, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] message = concat((Long.toString(t) + ".").getBytes(StandardCharsets.UTF_8), body);
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(message)) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void headerHasTimestampAndOneV1PerSecretInOrder() throws Exception {
        String header = WebhookSigner.header(1_700_000_000L, BODY, List.of("whsec_new", "whsec_old"));

        assertThat(header).isEqualTo("t=1700000000,v1=" + specHmac("whsec_new", 1_700_000_000L, BODY)
                + ",v1=" + specHmac("whsec_old", 1_700_000_000L, BODY));
    }

    @Test
    void knownVector() {
        // Pinned from a third implementation: printf '1.{}' | openssl dgst -sha256 -hmac whsec_test
        String header = WebhookSigner.header(1, "{}".getBytes(StandardCharsets.UTF_8), List.of("whsec_test"));

        assertThat(header).isEqualTo("t=1,v1=" + OPENSSL_VECTOR);
    }

    private static final String OPENSSL_VECTOR = "7500d5d4be4b3ef07af1fe56f7d522d135cdaa7530de557e67cc1049c52de094";

    @Test
    void refusesToSignWithoutSecrets() {
        assertThatThrownBy(() -> WebhookSigner.header(1, BODY, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsigned");
    }
}
