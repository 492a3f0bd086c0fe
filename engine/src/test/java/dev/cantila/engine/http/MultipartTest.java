package dev.cantila.engine.http;

import dev.cantila.engine.core.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void splitsPartsKeepingBinaryBytes() {
        String body = "preamble\r\n--b1\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bill.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n\u0089PNG\r\n\u001a\n--b1 not a boundary\r\n--b1--\r\n";
        List<Multipart.Part> parts = Multipart.parse("multipart/form-data; boundary=\"b1\"", bytes(body));
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("note");
        assertThat(new String(parts.get(0).data(), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
        assertThat(parts.get(1).filename()).isEqualTo("bill.png");
        assertThat(parts.get(1).contentType()).isEqualTo("image/png");
        assertThat(parts.get(1).data()).isEqualTo(bytes("\u0089PNG\r\n\u001a\n--b1 not a boundary"));
    }

    @Test
    void malformedBodiesAreFourHundreds() {
        for (String[] c : List.of(new String[]{"application/json", "{}"},
                new String[]{"multipart/form-data", "--x\r\n"},
                new String[]{"multipart/form-data; boundary=x", "no boundary here"},
                new String[]{"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=a\r\n\r\ncut"},
                new String[]{"multipart/form-data; boundary=x", "--x\r\nheaders never end"})) {
            assertThatThrownBy(() -> Multipart.parse(c[0], bytes(c[1]))).as(c[1])
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.kind().status()).isEqualTo(400));
        }
    }
}
