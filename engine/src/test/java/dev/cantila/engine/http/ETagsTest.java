package dev.cantila.engine.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ETagsTest {
    private static final String TAG = ETags.of("{\"data\":[]}".getBytes(StandardCharsets.UTF_8));

    @Test
    void aTagIsAQuotedHashOfTheBytesThatChangesWithThem() {
        assertThat(TAG).matches("\"[0-9a-f]{32}\"");
        assertThat(ETags.of("{\"data\":[1]}".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(TAG);
        assertThat(ETags.of("{\"data\":[]}".getBytes(StandardCharsets.UTF_8))).isEqualTo(TAG);
    }

    @Test
    void ifNoneMatchNamesTheTagInAListWeaklyOrAsAStar() {
        assertThat(ETags.matches(TAG, TAG)).isTrue();
        assertThat(ETags.matches("\"x\", " + TAG, TAG)).isTrue();
        assertThat(ETags.matches("W/" + TAG, TAG)).isTrue();
        assertThat(ETags.matches("*", TAG)).isTrue();
        assertThat(ETags.matches("\"other\"", TAG)).isFalse();
        assertThat(ETags.matches(null, TAG)).isFalse();
        assertThat(ETags.matches(" ", TAG)).isFalse();
    }
}
