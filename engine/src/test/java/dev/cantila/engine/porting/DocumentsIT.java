package dev.cantila.engine.porting;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.cantila.engine.porting.PortTesting.MULTIPART;
import static dev.cantila.engine.porting.PortTesting.body;
import static dev.cantila.engine.porting.PortTesting.freshNumber;
import static dev.cantila.engine.porting.PortTesting.multipart;
import static dev.cantila.engine.porting.PortTesting.pdf;
import static org.assertj.core.api.Assertions.assertThat;

/** Port-in documents over HTTP: content sniffing, size, ownership, download and delete. */
class DocumentsIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();

    @Test
    void uploadListDownloadDeleteByItsOwnerOnly() {
        var mine = SERVER.newProject("docs");
        Api api = mine.api();
        Api.Resp up = api.send("POST", mine.path("/documents"), multipart("bill.txt", pdf()), MULTIPART);
        assertThat(up.status()).as(up.toString()).isEqualTo(201);
        assertThat(up.text("/contentType")).as("judged by content, not name").isEqualTo("application/pdf");
        assertThat(up.json().get("sizeBytes").asLong()).isEqualTo(pdf().length());
        assertThat(up.text("/filename")).isEqualTo("bill.txt");
        String id = up.text("/id");
        assertThat(api.get(mine.path("/documents")).json().at("/data/0/id").asText()).isEqualTo(id);
        Api.Resp content = api.get(mine.path("/documents/" + id + "/content"));
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(pdf());

        var other = SERVER.newProject("other");
        assertThat(other.api().get(mine.path("/documents/" + id + "/content")).status()).isEqualTo(403);
        assertThat(other.api().get(other.path("/documents/" + id + "/content")).status()).isEqualTo(404);
        assertThat(other.api().get(other.path("/documents/" + id)).status()).isEqualTo(404);
        assertThat(other.api().delete(other.path("/documents/" + id)).status()).isEqualTo(404);

        Api.Resp port = api.post(mine.path("/port-ins"), body(List.of(freshNumber()), "4321", null, List.of(id)));
        Api.Resp inUse = api.delete(mine.path("/documents/" + id));
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorCode()).isEqualTo("document_in_use");
        api.post(mine.path("/port-ins/" + port.text("/id") + "/cancel"), null);
        assertThat(api.delete(mine.path("/documents/" + id)).status()).isEqualTo(204);
        assertThat(api.get(mine.path("/documents/" + id + "/content")).status()).isEqualTo(404);
    }

    @Test
    void refusesWhatIsNotAPdfPngOrJpeg() {
        var p = SERVER.newProject("docs2");
        Api.Resp text = p.api().send("POST", p.path("/documents"), multipart("bill.pdf", "just text, named .pdf"),
                MULTIPART);
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.errorCode()).isEqualTo("unsupported_document");
        Api.Resp json = p.api().post(p.path("/documents"), "{}");
        assertThat(json.errorCode()).isEqualTo("invalid_multipart");
        Api.Resp wrongPart = p.api().send("POST", p.path("/documents"), multipart("a.pdf", pdf())
                .replace("name=\"file\"", "name=\"upload\""), MULTIPART);
        assertThat(wrongPart.errorCode()).isEqualTo("unknown_field");
        Api.Resp big = p.api().send("POST", p.path("/documents"), multipart("big.pdf", "%PDF-" + "x".repeat(
                Documents.MAX_BYTES)), MULTIPART);
        assertThat(big.status()).isEqualTo(413);
    }
}
