package dev.cantila.engine.porting;

import dev.cantila.engine.storage.Database;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.TestServer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers of the porting tests: documents, request bodies, numbers nobody holds, the webhook events written. */
final class PortTesting {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private PortTesting() {
    }

    /** A fresh Denver number (720 is not in the catalog), unique within the test run. */
    static String freshNumber() {
        return "+1720" + (2010000 + NEXT.incrementAndGet() * 7);
    }

    static String multipart(String filename, String content) {
        return "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + content + "\r\n--XyZ--\r\n";
    }

    static final Map<String, String> MULTIPART = Map.of("Content-Type", "multipart/form-data; boundary=XyZ");

    /** A readable PDF (its first bytes say so) of about 300 bytes. */
    static String pdf() {
        return "%PDF-1.4\n% a recent bill\n" + "1 0 obj << /Type /Catalog >> endobj\n".repeat(8) + "%%EOF\n";
    }

    static String upload(Api api, String projectId) {
        Api.Resp r = api.send("POST", "/v1/projects/" + projectId + "/documents", multipart("bill.pdf", pdf()), MULTIPART);
        if (r.status() != 201) {
            throw new AssertionError(r);
        }
        return r.text("/id");
    }

    static String body(List<String> numbers, String pin, String targetDate, List<String> docs) {
        return Api.obj("numbers", numbers, "losingCarrier", Map.of("name", "Old Telco", "accountNumber", "ACC-123456",
                        "pin", pin, "authorizedName", "Ada Lovelace", "serviceAddress", "1 Main St, Denver, CO 80202"),
                "targetDate", targetDate, "documents", docs);
    }

    /** The event types written for {@code resourceId}, in order. */
    static List<String> events(TestServer server, String resourceId) {
        return Database.list(server.app().database().exec(), "SELECT event_type FROM webhook_events WHERE resource_id = ?"
                + " ORDER BY seq", r -> Database.str(r, "event_type"), resourceId);
    }
}
