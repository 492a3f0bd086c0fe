package dev.cantila.engine.shipped;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Poll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A port-in through the packaged server on the demo clock ({@code CANTILA_PORTING_TIME_SCALE}): document upload,
 * request, review, e-signature, the losing carrier's FOC, and completion after a {@code kill -9} and restart while
 * the FOC was pending (the carrier's next step is stored, not held in memory).
 */
class PortInShippedIT {
    private static final Map<String, String> MULTIPART = Map.of("Content-Type", "multipart/form-data; boundary=B0");

    @Test
    void aPortInCompletesOnTheDemoClockAcrossAKill9() {
        try (Shipped server = Shipped.start(Map.of("CANTILA_PORTING_TIME_SCALE", "200000"))) {
            Api op = server.operator();
            String project = op.post("/v1/projects", obj("name", "porting")).text("/id");
            String pdf = "%PDF-1.4\n" + "% a phone bill\n".repeat(20) + "%%EOF\n";
            Api.Resp doc = op.send("POST", "/v1/projects/" + project + "/documents", "--B0\r\nContent-Disposition:"
                    + " form-data; name=\"file\"; filename=\"bill.pdf\"\r\n\r\n" + pdf + "\r\n--B0--\r\n", MULTIPART);
            assertThat(doc.status()).as(doc.toString()).isEqualTo(201);
            Api.Resp created = op.post("/v1/projects/" + project + "/port-ins", obj("numbers", List.of("+17205550142"),
                    "losingCarrier", Map.of("name", "Old Telco", "accountNumber", "8812-44", "pin", "2468",
                            "authorizedName", "Ada Lovelace", "serviceAddress", "1 Main St, Denver, CO 80202"),
                    "documents", List.of(doc.text("/id"))));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String path = "/v1/projects/" + project + "/port-ins/" + created.text("/id");
            awaitStatus(op, path, "waiting_for_signature");
            assertThat(op.post(path + "/sign", obj("signerName", "Ada Lovelace", "title", "Owner")).text("/status"))
                    .isEqualTo("submitted");
            awaitStatus(op, path, "foc_scheduled");

            server.kill9();
            server.restart();
            awaitStatus(server.operator(), path, "completed");
            Api.Resp number = server.operator().get("/v1/numbers/%2B17205550142");
            assertThat(number.text("/status")).isEqualTo("held");
            assertThat(number.text("/projectId")).isEqualTo(project);
        }
    }

    private static void awaitStatus(Api api, String path, String status) {
        Poll.until(path + " " + status, Duration.ofSeconds(30), () -> status.equals(api.get(path).text("/status")));
    }
}
