package dev.cantila.engine.shipped;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} in the middle of concurrent writes: {@code CLIENTS} clients send messages and the carrier
 * delivers inbound ones as fast as the engine answers, and the process is killed while they are still at it —
 * not after a quiet last write, as in {@link CrashShippedIT}, but with commits of other requests and of the
 * background workers (dispatcher, carrier reports) in flight. Every id the engine acknowledged with a 2xx must be
 * there after the restart; requests cut off by the kill were never acknowledged and may or may not be.
 */
class ConcurrentCrashShippedIT {
    static final int CLIENTS = 8;
    static final int ACKNOWLEDGED_BEFORE_KILL = 400;
    static Shipped server;

    @BeforeAll
    static void start() {
        server = Shipped.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyWriteAcknowledgedUnderConcurrentLoadSurvivesKill9() throws Exception {
        Resp created = server.operator().post("/v1/projects", obj("name", "crash-load"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String project = created.text("/id");
        Api api = server.operator().as(created.text("/apiKey"));
        Resp activated = api.post("/v1/projects/" + project + "/sms/activate", obj("country", "US", "numberType", "local"));
        assertThat(activated.status()).as(activated.body()).isBetween(200, 201);
        String number = activated.text("/e164");

        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofPlatform().name("crash-client-" + c).start(() -> {
                for (int i = 0; ; i++) {
                    String to = String.format("+1415556%02d%02d", client, i % 100);
                    Resp r;
                    try {
                        r = client % 2 == 0
                                ? api.post("/v1/projects/" + project + "/sms/send", obj("to", to, "body", "load " + i))
                                : api.post("/v1/sim/inbound-sms", obj("from", to, "to", number, "body", "in " + i));
                    } catch (UncheckedIOException | IllegalStateException killed) {
                        return; // the engine is gone: this request was never acknowledged
                    }
                    if (r.status() >= 200 && r.status() < 300) {
                        String id = client % 2 == 0 ? r.text("/id") : r.text("/message/id");
                        acknowledged.add(id);
                        enough.countDown();
                    } else if (r.status() != 429) {
                        return;
                    }
                }
            }));
        }
        assertThat(enough.await(120, TimeUnit.SECONDS)).as("acknowledged writes before the kill: " + acknowledged.size())
                .isTrue();
        server.kill9();
        for (Thread t : clients) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        List<String> ids = List.copyOf(acknowledged);
        server.restart();

        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (api.get("/v1/projects/" + project + "/sms/messages/" + id).status() != 200) {
                missing.add(id);
            }
        }
        assertThat(missing).as("acknowledged before kill -9 (of " + ids.size() + "), missing after the restart")
                .isEmpty();
    }
}
