package dev.cantila.engine.voice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.freeswitch.FakeFreeSwitch;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.ShiftedClock;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.webhooks.testing.Receiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two engine instances, one PostgreSQL schema, one FreeSWITCH (issue #9 item 11), over TCP: two real {@link App}s
 * with the production routes on ephemeral ports, both connected to the same fake node, both serving the API and
 * running their dispatcher and webhook workers at once. Each parked call is run by exactly one instance (its claim
 * on the leg), an API hangup works through either, and when the owner dies the other ends its calls after the
 * lease and takes every new call. The lease runs on a shared clock the test moves forward ({@link ShiftedClock});
 * heartbeats are called by the test, not by a worker, so nothing waits for real lease time.
 *
 * <p>PostgreSQL only: the embedded H2 database belongs to one process, which two engines on one FreeSWITCH are not.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoEnginesIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration LEASE = Duration.ofSeconds(15);
    static final String SCRIPT = """
            export async function onCall(call, ctx) {
              const digits = await call.gather({ numDigits: 1, timeoutSeconds: 60 })
                  .catch(e => { ctx.log.info('ended: ' + e.name); return null; });
              if (digits) await call.say('You pressed ' + digits);
            }
            """;
    private static FakeFreeSwitch fs;
    private static ShiftedClock clock;
    private static Receiver hooks;
    private static EngineInstance alpha;
    private static EngineInstance beta;
    private static String project;
    private static String number;
    private static String projectKey;
    private static final Map<String, List<String>> STATUSES = new HashMap<>();
    private static final List<EngineInstance> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static EngineInstance start(Settings settings) {
        EngineInstance started = EngineInstance.start(settings, clock, TwoEnginesIT::seen);
        STARTED.add(started);
        return started;
    }

    private static synchronized void seen(Call call) {
        STATUSES.computeIfAbsent(call.id(), k -> new ArrayList<>()).add(call.status());
        TwoEnginesIT.class.notifyAll();
    }

    @BeforeAll
    static void twoEnginesOneSchemaOneSwitch() throws Exception {
        assumeTrue(TestApps.onPostgres(), "two engines share one database: this test runs in the PostgreSQL tier only"
                + " (CANTILA_TEST_PG_URL); embedded H2 belongs to one process");
        fs = FakeFreeSwitch.start(FakeFreeSwitch.DEFAULT_PASSWORD, "shared");
        clock = new ShiftedClock();
        hooks = new Receiver();
        Map<String, String> common = Map.of("cantila.telephony.provider", "freeswitch", "cantila.freeswitch.nodes.0",
                fs.spec("fs1"), "cantila.freeswitch.reconnect-max", "500ms", "cantila.voice.op-timeout", "2s",
                "cantila.voice.session-grace", "1s", "cantila.instance.lease", "15s", "cantila.sms.poll", "20ms");
        Map<String, String> a = new HashMap<>(common);
        a.put("cantila.instance.id", "alpha");
        Settings first = TestApps.settings(a);
        Map<String, String> b = new HashMap<>(common);
        b.putAll(Map.of("cantila.instance.id", "beta", "cantila.db.url", first.db().url(), "cantila.db.user",
                first.db().user(), "cantila.db.password", first.db().password()));
        alpha = start(first);
        beta = start(TestApps.settings(b));
        fs.awaitSubscribers(2, WAIT);

        Resp created = alpha.api().post("/v1/projects", obj("name", "two-engines"));
        project = created.text("/id");
        projectKey = created.text("/apiKey");
        alpha = alpha.as(projectKey);
        beta = beta.as(created.text("/apiKey"));
        number = beta.api().post(path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
        Resp hook = alpha.api().post(path("/webhooks"), obj("url", hooks.url("/hook"), "events",
                List.of("call.*", "sms.*")));
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        Resp script = beta.api().post(path("/scripts"), obj("name", "gather", "source", SCRIPT));
        assertThat(script.status()).as(script.body()).isEqualTo(201);
        Resp routed = alpha.api().put("/v1/numbers/" + number.substring(1) + "/routing", obj("voice",
                Map.of("script", script.text("/id"))));
        assertThat(routed.status()).as(routed.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        STARTED.forEach(EngineInstance::stop);
        if (fs != null) {
            hooks.close();
            fs.close();
        }
    }

    private static String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    /** The one instance that runs {@code leg}, once it has admitted it; the others must have dropped it. */
    private static EngineInstance owner(String leg) {
        List<EngineInstance> up = STARTED.stream().filter(e -> e.server().isRunning()).toList();
        await("leg " + leg + " admitted by an instance", () -> up.stream().anyMatch(e -> e.admitted(leg).isPresent()),
                () -> "admissions " + up.stream().map(e -> e.id() + "=" + e.app().voice().calls().admission(leg))
                        .toList() + ", claims " + claims(leg));
        EngineInstance owner = up.stream().filter(e -> e.admitted(leg).isPresent()).findFirst().orElseThrow();
        up.stream().filter(e -> e != owner).forEach(other -> assertThat(other.admitted(leg))
                .as("leg %s run by %s only", leg, owner.id()).isEmpty());
        assertThat(claims(leg)).containsExactly(owner.id());
        return alpha.id().equals(owner.id()) ? alpha : beta.id().equals(owner.id()) ? beta : owner;
    }

    private static List<String> claims(String leg) {
        return Database.list(STARTED.getFirst().app().database().exec(),
                "SELECT instance_id FROM leg_claims WHERE leg_uuid = ?", r -> Database.str(r, "instance_id"), leg);
    }

    private static String callOf(String leg) {
        return owner(leg).admitted(leg).orElseThrow();
    }

    private static void await(String what, BooleanSupplier done) {
        await(what, done, () -> "");
    }

    private static void await(String what, BooleanSupplier done, java.util.function.Supplier<String> state) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "; " + state.get());
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** The statuses call {@code cid} went through (stored by either instance) once it reached a terminal one. */
    private static List<String> awaitTerminal(String cid) throws InterruptedException {
        return awaitStatuses(cid, s -> !s.isEmpty() && CallStatus.fromWire(s.getLast()).isTerminal());
    }

    private static List<String> awaitStatuses(String cid, Predicate<List<String>> reached)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (TwoEnginesIT.class) {
            while (!reached.test(STATUSES.getOrDefault(cid, List.of()))) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("call %s: statuses %s", cid, STATUSES.get(cid)).isPositive();
                TwoEnginesIT.class.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(STATUSES.get(cid));
        }
    }

    /**
     * The webhooks received for {@code resourceId} once {@code complete} holds for them and nothing more is due on
     * either instance; never one event delivered twice.
     */
    private static List<JsonNode> awaitHooks(String resourceId, Predicate<List<JsonNode>> complete) {
        await("the webhooks of " + resourceId, () -> complete.test(hooksOf(resourceId)));
        // deliver anything still due on the instances still running, so that a second delivery of one event would show
        while (STARTED.stream().filter(e -> e.server().isRunning()).mapToInt(e -> e.app().webhooks().runOnce()).sum()
                > 0) {
            Thread.onSpinWait();
        }
        List<JsonNode> got = hooksOf(resourceId);
        assertThat(got.stream().map(e -> e.get("id").asText()).distinct()).as("event ids of %s", resourceId)
                .hasSize(got.size());
        return got;
    }

    private static List<JsonNode> hooksOf(String resourceId) {
        List<JsonNode> out = new ArrayList<>();
        for (Receiver.Hit hit : hooks.hits()) {
            try {
                JsonNode e = Api.JSON.readTree(hit.body());
                if (e.get("resourceId").asText().equals(resourceId)) {
                    out.add(e);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    /** Exactly one terminal state, stored once, and exactly one call.completed carrying it. */
    private static void endedOnce(String cid, String status, String cause) throws Exception {
        List<String> statuses = awaitTerminal(cid);
        assertThat(statuses.stream().filter(s -> CallStatus.fromWire(s).isTerminal())).containsExactly(status);
        EngineInstance up = STARTED.stream().filter(e -> e.server().isRunning()).findFirst().orElseThrow();
        JsonNode call = up.api().as(projectKey).get(path("/voice/calls/" + cid)).json();
        assertThat(call.get("status").asText()).isEqualTo(status);
        assertThat(call.get("cause").asText()).isEqualTo(cause);
        List<String> terminalEvents = new ArrayList<>();
        call.get("events").forEach(e -> {
            if (e.get("type").asText().equals("status") && CallStatus.fromWire(e.get("status").asText()).isTerminal()) {
                terminalEvents.add(e.get("status").asText());
            }
        });
        assertThat(terminalEvents).containsExactly(status);
        List<JsonNode> events = awaitHooks(cid, got -> got.size() >= 4);
        assertThat(events.stream().map(e -> e.get("type").asText()).sorted()).containsExactly("call.answered",
                "call.completed", "call.initiated", "call.ringing");
    }

    @Test
    @Order(1)
    void everyParkedCallIsRunByExactlyOneInstanceAndEitherHangsItUp() throws Exception {
        List<String> legs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            legs.add(fs.parkInbound("+1415555" + (3000 + i), number));
        }
        Map<String, Integer> perInstance = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (String leg : legs) {
            perInstance.merge(owner(leg).id(), 1, Integer::sum);
            ids.add(callOf(leg));
            awaitStatuses(ids.getLast(), s -> s.contains("in-progress"));
        }
        for (int i = 0; i < legs.size(); i++) {
            String leg = legs.get(i);
            EngineInstance owner = owner(leg);
            if (i % 2 == 0) {
                fs.dtmf(leg, "4");
                endedOnce(ids.get(i), "completed", "NORMAL_CLEARING");
                assertThat(fs.spoken(leg)).as("said once, by one instance").containsExactly("You pressed 4");
            } else {
                // through the instance that does not run it: it kills the leg on its own connection to the node
                EngineInstance other = owner == alpha ? beta : alpha;
                Resp hungUp = other.api().post(path("/voice/calls/" + ids.get(i) + "/hangup"), "{}");
                assertThat(hungUp.status()).as(hungUp.body()).isEqualTo(200);
                assertThat(hungUp.text("/status")).isEqualTo("completed");
                endedOnce(ids.get(i), "completed", "NORMAL_CLEARING");
                assertThat(fs.commands()).contains("api uuid_kill " + leg + " NORMAL_CLEARING");
                assertThat(fs.spoken(leg)).isEmpty();
            }
            assertThat(fs.executed(leg)).extracting(FakeFreeSwitch.Executed::app).as("answered once")
                    .startsWith("answer").filteredOn("answer"::equals).hasSize(1);
        }
        fs.awaitNoChannels(WAIT);
        await("no live call on either instance", () -> alpha.app().voice().calls().liveCalls()
                + beta.app().voice().calls().liveCalls() == 0);
        assertThat(perInstance.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(legs.size());
        System.out.println("[TwoEnginesIT] calls run per instance: " + perInstance);
    }

    @Test
    @Order(2)
    void smsSentThroughBothApisIsDispatchedOnceWithOneWebhookPerEvent() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            EngineInstance via = i % 2 == 0 ? alpha : beta;
            Resp sent = via.api().post(path("/sms/send"), obj("to", "+1415556" + (4000 + i), "body", "two engines #" + i));
            assertThat(sent.status()).as(sent.body()).isEqualTo(201);
            ids.add(sent.text("/id"));
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            await("message " + id + " sent", () -> beta.api().get(path("/sms/messages/" + id)).text("/status")
                    .equals("sent"));
            String body = "two engines #" + i;
            assertThat(fs.chats().stream().filter(c -> c.body().equals(body))).as("SIP MESSAGEs for %s", id).hasSize(1);
            List<JsonNode> events = awaitHooks(id, got -> got.stream().anyMatch(e -> e.at("/data/status").asText()
                    .equals("sent")));
            List<String> statuses = events.stream().map(e -> e.at("/data/status").asText()).toList();
            assertThat(statuses).as("sms.status events of %s", id).doesNotHaveDuplicates().contains("sent");
        }
    }

    @Test
    @Order(3)
    void anInboundSipMessageEveryInstanceHearsIsTakenInOnce() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add("inbound via the switch #" + i);
            fs.message("+1415559" + (7000 + i), number, bodies.getLast());
        }
        await("10 inbound messages stored", () -> inbound().containsAll(bodies));
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode m : alpha.api().get(path("/sms/inbound?limit=100")).json().get("data")) {
            if (bodies.contains(m.get("body").asText())) {
                events.addAll(awaitHooks(m.get("id").asText(), got -> !got.isEmpty()));
            }
        }
        // each MESSAGE reached both instances; a second taking-in would have stored it (and its event) again
        assertThat(inbound().stream().filter(bodies::contains)).hasSize(bodies.size());
        assertThat(events).extracting(e -> e.get("type").asText()).hasSize(bodies.size()).containsOnly("sms.inbound");
        assertThat(Database.list(beta.app().database().exec(), "SELECT COUNT(*) AS n FROM switch_event_claims",
                r -> Database.lng(r, "n"))).containsExactly((long) bodies.size());
    }

    private static List<String> inbound() {
        List<String> out = new ArrayList<>();
        alpha.api().get(path("/sms/inbound?limit=100")).json().get("data").forEach(m -> out.add(m.get("body").asText()));
        return out;
    }

    @Test
    @Order(4)
    void whenTheOwnerDiesTheOtherEndsItsCallsAfterTheLeaseAndTakesEveryNewCall() throws Exception {
        assertThat(alpha.app().voice().heartbeat() + beta.app().voice().heartbeat()).as("nothing to adopt yet").isZero();
        List<String> legs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            legs.add(fs.parkInbound("+1415557" + (5000 + i), number));
        }
        EngineInstance victim = owner(legs.getFirst());
        EngineInstance survivor = victim == alpha ? beta : alpha;
        List<String> orphaned = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String leg : legs) {
            awaitStatuses(callOf(leg), s -> s.contains("in-progress")); // waiting in the gather: nothing on the wire
            (owner(leg) == victim ? orphaned : kept).add(leg);
        }
        Map<String, String> ids = new HashMap<>();
        legs.forEach(leg -> ids.put(leg, callOf(leg)));

        victim.crash();
        assertThat(survivor.app().voice().heartbeat()).as("the victim's lease still runs").isZero();
        clock.shift(LEASE.plusSeconds(1));
        assertThat(survivor.app().voice().heartbeat()).isEqualTo(orphaned.size());
        for (String leg : orphaned) {
            endedOnce(ids.get(leg), "completed", ForeignCalls.CAUSE_OWNER_LOST);
            assertThat(fs.exists(leg)).isFalse();
            assertThat(fs.commands()).contains("api uuid_kill " + leg + " " + ForeignCalls.KILL_OWNER_LOST);
        }
        assertThat(survivor.app().voice().heartbeat()).as("each leg adopted once").isZero();

        for (String leg : kept) { // the survivor's own calls carry on
            fs.dtmf(leg, "6");
            endedOnce(ids.get(leg), "completed", "NORMAL_CLEARING");
            assertThat(fs.spoken(leg)).containsExactly("You pressed 6");
        }
        for (int i = 0; i < 4; i++) { // and it takes every new call
            String leg = fs.parkInbound("+1415558" + (6000 + i), number);
            assertThat(owner(leg)).isSameAs(survivor);
            String cid = callOf(leg);
            awaitStatuses(cid, s -> s.contains("in-progress"));
            fs.dtmf(leg, "7");
            endedOnce(cid, "completed", "NORMAL_CLEARING");
            assertThat(fs.spoken(leg)).containsExactly("You pressed 7");
        }
        fs.awaitNoChannels(WAIT);
        await("no live call on the survivor", () -> survivor.app().voice().calls().liveCalls() == 0);
    }

    @Test
    @Order(5)
    void anInstanceRestartedWithItsIdEndsTheCallsOfItsEarlierRun() throws Exception {
        EngineInstance survivor = alpha.server().isRunning() ? alpha : beta;
        String leg = fs.parkInbound("+14155559900", number);
        assertThat(owner(leg)).isSameAs(survivor);
        String cid = callOf(leg);
        awaitStatuses(cid, s -> s.contains("in-progress"));

        survivor.crash();
        await("the crashed instance's connection gone", () -> fs.connections() == 0);
        EngineInstance restarted = start(survivor.settings()); // same id, well within the old run's lease
        fs.awaitSubscribers(1, WAIT);
        assertThat(restarted.app().voice().heartbeat()).isEqualTo(1);
        endedOnce(cid, "completed", ForeignCalls.CAUSE_OWNER_LOST);
        assertThat(fs.exists(leg)).isFalse();
        assertThat(restarted.app().voice().heartbeat()).isZero();
    }
}
