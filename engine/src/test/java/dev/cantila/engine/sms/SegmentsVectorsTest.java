package dev.cantila.engine.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Segments} on the vectors the Console's live counter is tested with too ({@code sms/segment-vectors.json},
 * read by {@code console/test/segments.test.js}), so what the page shows while typing is what the server bills.
 */
class SegmentsVectorsTest {

    @Test
    void serverCountsTheSharedVectorsAsListed() throws Exception {
        JsonNode vectors;
        try (InputStream in = SegmentsVectorsTest.class.getResourceAsStream("/sms/segment-vectors.json")) {
            vectors = new ObjectMapper().readTree(in).get("vectors");
        }
        assertThat(vectors.size()).isGreaterThan(10);
        for (JsonNode v : vectors) {
            StringBuilder body = new StringBuilder();
            v.get("parts").forEach(p -> body.append(p.get(0).asText().repeat(p.get(1).asInt())));
            Segments.Result r = Segments.of(body.toString());
            assertThat(r).as(v.toString()).isEqualTo(new Segments.Result(v.get("encoding").asText(),
                    v.get("segments").asInt(), v.get("units").asInt()));
        }
    }
}
