package dev.cantila.engine.shipped;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.Poll;
import dev.cantila.webhooks.testing.Receiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} in the middle of work: a 10,000-recipient bulk send being drained and a burst of webhook
 * deliveries (a real receiver in this JVM). After the restart the drain finishes with every recipient's handset
 * holding exactly one message (read at the simulated carrier, whose record is its own table), and every status
 * event of every message reaches the receiver at least once. The local throughput is raised through the
 * environment (Helidon's mapping of {@code cantila.sms.throughput.local}) so the drain takes seconds.
 */
class DrainShippedIT {
    static final int RECIPIENTS = 10_000;
    static final int HOOKED = 150;
    static final Duration STALL = Duration.ofSeconds(60);
    static Shipped server;
    static Receiver receiver;

    @BeforeAll
    static void start() throws IOException {
        receiver = new Receiver();
        server = Shipped.start(Map.of("CANTILA_SMS_THROUGHPUT_LOCAL", "400"));
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    private static String[] project(String name) {
        Resp created = server.operator().post("/v1/projects", obj("name", name));
        String id = created.text("/id");
        Api api = server.operator().as(created.text("/apiKey"));
        String number = api.post("/v1/projects/" + id + "/sms/activate", obj("country", "US", "numberType", "local"))
                .text("/e164");
        return new String[] {id, created.text("/apiKey"), number};
    }

    private static String handset(int i) {
        return String.format("+1415556%04d", i);
    }

    @Test
    void aKill9MidDrainDeliversEveryRecipientOnceAndEveryEventAtLeastOnce() throws Exception {
        String[] bulkProject = project("drain");
        Api bulkApi = server.operator().as(bulkProject[1]);
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < RECIPIENTS; i++) {
            recipients.add(handset(i));
        }
        Resp bulk = bulkApi.post("/v1/projects/" + bulkProject[0] + "/sms/bulk", obj("body", "drain", "recipients",
                recipients));
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(202);
        String bulkPath = "/v1/projects/" + bulkProject[0] + "/sms/bulk/" + bulk.text("/id");

        String[] hooked = project("burst");
        Api hookApi = server.operator().as(hooked[1]);
        String hookPath = "/v1/projects/" + hooked[0];
        Resp hook = hookApi.post(hookPath + "/webhooks", obj("url", receiver.url("/hook"), "events", List.of("sms.*")));
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < HOOKED; i++) {
            Resp r = hookApi.post(hookPath + "/sms/send", obj("to", String.format("+1415557%04d", i), "body", "b" + i));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            sent.add(r.text("/id"));
        }

        Poll.until("the drain and the webhook burst under way", Duration.ofSeconds(120), () ->
                bulkApi.get(bulkPath).json().at("/counts/delivered").asInt() > 200 && receiver.hits().size() > 20);
        double progress = bulkApi.get(bulkPath).json().path("progress").asDouble();
        int hitsBefore = receiver.hits().size();
        server.kill9();
        assertThat(progress).as("killed mid-drain").isLessThan(1.0);
        server.restart();

        JsonNode done = untilCompleted(bulkApi, bulkPath);
        assertThat(done.at("/counts/delivered").asInt()).as(done.toString()).isEqualTo(RECIPIENTS);
        assertThat(receivedPerHandset(bulkProject[2])).as("messages per handset (count → handsets)")
                .isEqualTo(new TreeMap<>(Map.of(1, RECIPIENTS)));

        Set<String> expected = new HashSet<>();
        sent.forEach(id -> expected.addAll(List.of(id + " sent", id + " delivered")));
        Poll.until("every sent and delivered event of the " + HOOKED + " messages at the receiver (had " + hitsBefore
                + " before the kill)", Duration.ofSeconds(120), () -> missing(expected).isEmpty());
    }

    /**
     * Waits for the bulk to complete for as long as it makes progress: the drain's pace is the machine's (the tier
     * also runs on loaded CI hosts), so the deadline is a stall of {@link #STALL}, not a total time.
     */
    private static JsonNode untilCompleted(Api api, String bulkPath) {
        int[] last = {-1};
        while (true) {
            JsonNode b;
            try {
                b = Poll.until("progress of " + bulkPath + " (stuck at " + last[0] + " delivered)", STALL, () -> {
                    JsonNode now = api.get(bulkPath).json();
                    int delivered = now.at("/counts/delivered").asInt();
                    return delivered != last[0] || now.path("status").asText().equals("completed") ? now : null;
                });
            } catch (AssertionError stalled) {
                throw new AssertionError("the drain stalled after the restart: " + api.get(bulkPath).body(), stalled);
            }
            if (b.path("status").asText().equals("completed")) {
                return b;
            }
            last[0] = b.at("/counts/delivered").asInt();
        }
    }

    private static Set<String> missing(Set<String> expected) {
        Set<String> left = new HashSet<>(expected);
        for (Receiver.Hit hit : receiver.hits()) {
            JsonNode event;
            try {
                event = Api.JSON.readTree(hit.text());
            } catch (IOException e) {
                throw new AssertionError(hit.text(), e);
            }
            JsonNode id = event.findValue("messageId");
            JsonNode status = event.findValue("status");
            if (id != null && status != null) {
                left.remove(id.asText() + " " + status.asText());
            }
        }
        return left;
    }

    /** How many handsets received how many messages from {@code from}, asked of each handset (GET …/messages). */
    private static Map<Integer, Integer> receivedPerHandset(String from) throws Exception {
        Map<Integer, Integer> histogram = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> asks = new ArrayList<>();
            for (int i = 0; i < RECIPIENTS; i++) {
                String e164 = handset(i);
                asks.add(pool.submit(() -> {
                    Resp r = server.operator().get("/v1/sim/handsets/" + e164.substring(1) + "/messages");
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    int n = 0;
                    for (JsonNode m : r.json().path("data")) {
                        n += m.path("from").asText().equals(from) && m.path("body").asText().equals("drain") ? 1 : 0;
                    }
                    histogram.merge(n, 1, Integer::sum);
                }));
            }
            for (Future<?> f : asks) {
                f.get();
            }
        }
        return new TreeMap<>(histogram);
    }
}
