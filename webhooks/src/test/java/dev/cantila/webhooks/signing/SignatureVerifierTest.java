package dev.cantila.webhooks.signing;

import dev.cantila.webhooks.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureVerifierTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(NOW);
    private final SignatureVerifier verifier = new SignatureVerifier(clock);

    private static String signedAt(Instant at, String... secrets) {
        return WebhookSigner.header(at.getEpochSecond(), BODY, List.of(secrets));
    }

    private void assertRejected(String header, byte[] body, List<String> secrets, SignatureException.Reason reason,
                                String message) {
        assertThatThrownBy(() -> verifier.verify(header, body, secrets))
                .isInstanceOfSatisfying(SignatureException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    @Test
    void acceptsAValidSignature() {
        assertThatCode(() -> verifier.verify(signedAt(NOW, "whsec_a"), BODY, List.of("whsec_a"))).doesNotThrowAnyException();
    }

    @Test
    void duringRotationEitherSecretVerifies() {
        String header = signedAt(NOW, "whsec_new", "whsec_old");

        assertThatCode(() -> verifier.verify(header, BODY, List.of("whsec_old"))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(header, BODY, List.of("whsec_new"))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(header, BODY, List.of("whsec_other", "whsec_new"))).doesNotThrowAnyException();
    }

    @Test
    void rejectsAChangedBodyOrWrongSecret() {
        byte[] changed = "{\"id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8);

        assertRejected(signedAt(NOW, "whsec_a"), changed, List.of("whsec_a"), SignatureException.Reason.NO_MATCH, "matches");
        assertRejected(signedAt(NOW, "whsec_a"), BODY, List.of("whsec_b"), SignatureException.Reason.NO_MATCH, "1 secret");
    }

    @Test
    void toleranceWindowAppliesInBothDirections() {
        Duration tolerance = SignatureVerifier.DEFAULT_TOLERANCE;

        assertThatCode(() -> verifier.verify(signedAt(NOW.minus(tolerance), "s"), BODY, List.of("s")))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(signedAt(NOW.plus(tolerance), "s"), BODY, List.of("s")))
                .doesNotThrowAnyException();
        assertRejected(signedAt(NOW.minus(tolerance).minusSeconds(1), "s"), BODY, List.of("s"),
                SignatureException.Reason.TIMESTAMP_OUTSIDE_TOLERANCE, "301 s old");
        assertRejected(signedAt(NOW.plus(tolerance).plusSeconds(1), "s"), BODY, List.of("s"),
                SignatureException.Reason.TIMESTAMP_OUTSIDE_TOLERANCE, "301 s in the future");
    }

    @Test
    void malformedHeadersSayWhatIsWrong() {
        List<String> secrets = List.of("s");
        assertRejected(null, BODY, secrets, SignatureException.Reason.MISSING_HEADER, "no Cantila-Signature");
        assertRejected(" ", BODY, secrets, SignatureException.Reason.MISSING_HEADER, "no Cantila-Signature");
        assertRejected("v1=abcd", BODY, secrets, SignatureException.Reason.MALFORMED_HEADER, "no t=");
        assertRejected("t=soon,v1=abcd", BODY, secrets, SignatureException.Reason.MALFORMED_HEADER, "t='soon'");
        assertRejected("t=1,garbage", BODY, secrets, SignatureException.Reason.MALFORMED_HEADER, "'garbage'");
        assertRejected("t=" + NOW.getEpochSecond(), BODY, secrets, SignatureException.Reason.NO_SIGNATURE, "no v1=");
    }

    @Test
    void aNonHexV1DoesNotHideAValidOne() {
        String header = "t=" + NOW.getEpochSecond() + ",v1=zz-not-hex," + signedAt(NOW, "s").split(",")[1];

        assertThatCode(() -> verifier.verify(header, BODY, List.of("s"))).doesNotThrowAnyException();
    }

    @Test
    void unknownSchemesAreIgnored() {
        String header = signedAt(NOW, "s") + ",v0=deadbeef";

        assertThatCode(() -> verifier.verify(header, BODY, List.of("s"))).doesNotThrowAnyException();
    }
}
