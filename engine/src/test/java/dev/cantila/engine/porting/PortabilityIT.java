package dev.cantila.engine.porting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.cantila.engine.porting.PortTesting.body;
import static dev.cantila.engine.porting.PortTesting.freshNumber;
import static dev.cantila.engine.porting.PortTesting.upload;
import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** The portability check's verdicts, and two projects racing to port the same number. */
class PortabilityIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();

    @Test
    void verdictPerNumber() {
        Api api = SERVER.newProject("check").api();
        String catalog = Database.one(SERVER.app().database().exec(), "SELECT e164 FROM numbers WHERE country = 'US'"
                + " ORDER BY e164", r -> Database.str(r, "e164")).orElseThrow();
        String fresh = freshNumber();
        JsonNode data = api.post("/v1/numbers/portability", obj("numbers", List.of(fresh, "(720) 201-5550", "12",
                "+33612345678", "+18885550123", catalog, "+447400123456", "+18005550199"))).json().get("data");
        assertThat(data).extracting(d -> d.get("portable").asBoolean() ? "ok" : d.get("reason").asText())
                .containsExactly("ok", "ok", "invalid_number", "unsupported_country", "tollfree_carrier_unsupported",
                        "on_platform", "ok", "ok");
        assertThat(data.get(1).get("e164").asText()).isEqualTo("+17202015550");
        assertThat(data.get(0).get("country").asText()).isEqualTo("US");
        assertThat(data.get(0).get("numberType").asText()).isEqualTo("local");
        assertThat(data.get(6).get("numberType").asText()).isEqualTo("mobile");
        assertThat(data.get(7).get("numberType").asText()).isEqualTo("tollfree");

        List<String> tooMany = Collections.nCopies(1001, fresh);
        assertThat(api.post("/v1/numbers/portability", obj("numbers", tooMany)).text("/error/field")).isEqualTo("numbers");
        assertThat(api.post("/v1/numbers/portability", obj("numbers", List.of(), "x", 1)).errorCode())
                .isEqualTo("unknown_field");
        assertThat(api.post("/v1/numbers/portability", obj("numbers", "+17202010001")).status()).isEqualTo(400);
    }

    @Test
    void twoPortsRacingForOneNumberOneWins() throws Exception {
        String n = freshNumber();
        int racers = 6;
        List<String[]> projects = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            var p = SERVER.newProject("racer" + i);
            projects.add(new String[]{p.id(), upload(p.api(), p.id())});
        }
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Resp>> results = new ArrayList<>();
        for (String[] p : projects) {
            results.add(pool.submit(() -> {
                go.await();
                return SERVER.operator().post("/v1/projects/" + p[0] + "/port-ins", body(List.of(n), "4321", null,
                        List.of(p[1])));
            }));
        }
        go.countDown();
        List<Api.Resp> done = new ArrayList<>();
        for (Future<Api.Resp> f : results) {
            done.add(f.get());
        }
        pool.shutdown();
        assertThat(done).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(done).filteredOn(r -> r.status() != 201).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.errorCode()).isEqualTo("number_in_port");
            assertThat(r.text("/error/message")).contains(n);
        });
    }
}
