package dev.cantila.engine.otp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class OtpSecretTest {
    @TempDir
    Path dir;

    @Test
    void theSecretFileIsMadeOnceOwnerOnlyAndReadBack() throws Exception {
        Path file = dir.resolve("data/otp-secret");
        byte[] first = OtpSecret.fromFile(file);
        assertThat(first).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(OtpSecret.fromFile(file)).isEqualTo(first);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void hashesMatchOnlyTheSameTextUnderTheSameSecret() {
        OtpSecret a = new OtpSecret("a".repeat(32).getBytes());
        OtpSecret b = new OtpSecret("b".repeat(32).getBytes());
        String h = a.hash("otp_1:123456");
        assertThat(a.matches("otp_1:123456", h)).isTrue();
        assertThat(a.matches("otp_1:123457", h)).isFalse();
        assertThat(a.matches("otp_2:123456", h)).as("bound to the verification").isFalse();
        assertThat(b.matches("otp_1:123456", h)).isFalse();
    }

    @Test
    void sealedTextOpensOnlyUnalteredAndUnderTheSameSecret() {
        OtpSecret a = new OtpSecret("a".repeat(32).getBytes());
        String sealed = a.seal("Your code is 482913");
        assertThat(sealed).doesNotContain("482913");
        assertThat(a.seal("Your code is 482913")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(a.open(sealed)).isEqualTo("Your code is 482913");
        assertThat(new OtpSecret("b".repeat(32).getBytes()).open(sealed)).isNull();
        char[] c = sealed.toCharArray();
        c[20] = c[20] == 'A' ? 'B' : 'A';
        assertThat(a.open(new String(c))).isNull();
        assertThat(a.open("not base64 ***")).isNull();
    }
}
