package dev.cantila.engine.freeswitch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.cantila.engine.freeswitch.EslTesting.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ESL client against the fake FreeSWITCH over TCP. */
class EslClientIT {
    private FakeFreeSwitch fs;
    private ScheduledThreadPoolExecutor timers;
    private EslClient client;
    private final EslTesting.Recorder heard = new EslTesting.Recorder();

    @BeforeEach
    void setUp() {
        fs = FakeFreeSwitch.start();
        timers = EslTesting.timers();
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        fs.close();
        timers.shutdownNow();
    }

    private EslClient connect(EslClient.Options options) throws Exception {
        client = new EslClient(fs.node("fs1"), options, timers, heard, new Random(1));
        client.start().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return client;
    }

    private EslClient connect() throws Exception {
        return connect(EslTesting.options(Duration.ofSeconds(2)));
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("expected the future to fail, got " + e, e);
        }
        throw new AssertionError("expected the future to fail; it succeeded");
    }

    @Test
    void authenticatesThenSubscribesAndAddsFilters() throws Exception {
        List<String> filters = List.of("Event-Name CHANNEL_PARK", "Event-Name DTMF",
                "Event-Name CHANNEL_EXECUTE_COMPLETE");
        connect(new EslClient.Options(EslClient.EVENTS, filters, Duration.ofSeconds(2), Duration.ofMillis(20),
                Duration.ofMillis(200)));
        assertThat(fs.commands()).containsExactly("auth ClueCon",
                "event plain " + String.join(" ", EslClient.EVENTS),
                "filter Event-Name CHANNEL_PARK", "filter Event-Name DTMF", "filter Event-Name CHANNEL_EXECUTE_COMPLETE");
        assertThat(heard.nextConnect()).isFalse();

        String call = fs.parkInbound("+14155550100", "14155550199");
        fs.dtmf(call, "5");
        assertThat(heard.await("CHANNEL_PARK", call).get("Caller-Caller-ID-Number")).isEqualTo("+14155550100");
        assertThat(heard.await("DTMF", call).get("DTMF-Digit")).isEqualTo("5");
        await(client.execute(call, "answer", null, WAIT).result);
        // CHANNEL_ANSWER came before the completion, and the node filtered it out
        assertThat(heard.await("CHANNEL_EXECUTE_COMPLETE", call)).isNotNull();
        assertThat(heard.events).noneMatch(e -> e.name().equals("CHANNEL_ANSWER"));
    }

    @Test
    void aRefusedPasswordFailsOnceNamingTheNodeAndIsNotRetried() throws Exception {
        client = new EslClient(new FreeSwitchSettings.Node("127.0.0.1", fs.port(), "wrong", "fs-east"),
                EslTesting.options(Duration.ofSeconds(2)), timers, heard, new Random(1));
        Throwable t = failure(client.start());
        assertThat(t).isInstanceOfSatisfying(EslException.class, e -> {
            assertThat(e.kind()).isEqualTo(EslException.Kind.AUTH_FAILED);
            assertThat(e.node()).isEqualTo("fs-east");
            assertThat(e.switchText()).isEqualTo("-ERR invalid");
        }).hasMessageContaining("fs-east").hasMessageContaining("-ERR invalid").hasMessageContaining("not retrying")
                .hasMessageNotContaining("wrong");
        assertThat(timers.getQueue()).as("no reconnect scheduled").isEmpty();
        assertThat(fs.commands()).containsExactly("auth wrong");
        assertThat(failure(client.api("status"))).isSameAs(t);
    }

    @Test
    void apiAndBgapiCorrelateWhileEventsInterleave() throws Exception {
        connect();
        String a = fs.parkInbound("+14155550100", "+14155550199");
        fs.originateOutcome("+15551234567", FakeFreeSwitch.Outcome.answered(Duration.ZERO).after(Duration.ofMillis(30)));
        fs.originateOutcome("+15550000000", FakeFreeSwitch.Outcome.busy());
        String ours = "0d3c1a2e-aaaa-bbbb-cccc-123456789abc";
        CompletableFuture<String> answered = client.bgapi("originate {origination_uuid=" + ours
                + ",origination_caller_id_number=15550001111}sofia/gateway/carrier/15551234567 &park()", WAIT);
        CompletableFuture<String> busy = client.bgapi("originate {origination_caller_id_number=15550001111}"
                + "sofia/gateway/carrier/15550000000 &park()", WAIT);
        CompletableFuture<String> exists = client.api("uuid_exists " + a);
        CompletableFuture<String> missing = client.api("uuid_exists 00000000-0000-0000-0000-000000000000");
        fs.dtmf(a, "123");
        CompletableFuture<String> unknown = client.api("no_such_api x");

        assertThat(await(exists)).isEqualTo("true");
        assertThat(await(missing)).isEqualTo("false");
        assertThat(await(answered)).isEqualTo("+OK " + ours + "\n");
        assertThat(await(busy)).isEqualTo("-ERR USER_BUSY\n");
        assertThat(failure(unknown)).isInstanceOfSatisfying(EslException.class,
                e -> assertThat(e.switchText()).isEqualTo("-ERR no_such_api Command not found!"));
        assertThat(heard.await("CHANNEL_PROGRESS", ours)).isNotNull();
        assertThat(heard.await("CHANNEL_ANSWER", ours)).isNotNull();
    }

    @Test
    void aSlowApiHoldsUpTheConnectionAndMissesItsDeadline() throws Exception {
        connect();
        fs.slowApi("status", Duration.ofMillis(400));
        CompletableFuture<String> slow = client.api("status", Duration.ofMillis(100));
        CompletableFuture<String> next = client.api("uuid_exists nope");
        assertThat(failure(slow)).isInstanceOf(TimeoutException.class).hasMessageContaining("api status")
                .hasMessageContaining("fs1");
        assertThat(next).isNotDone(); // FreeSWITCH answers in order: the slow api is still running
        assertThat(await(next)).isEqualTo("false"); // and the late status reply was matched to the slow one
    }

    @Test
    void executesCorrelateByEventUuidAcrossTwoChannels() throws Exception {
        connect();
        fs.mediaDuration(Duration.ofMillis(30));
        String a = fs.parkInbound("+14155550100", "+14155550199");
        String b = fs.parkInbound("+14155550101", "+14155550199");
        EslClient.Execution a1 = client.execute(a, "playback", "ivr/welcome.wav", WAIT);
        EslClient.Execution b1 = client.execute(b, "speak", "flite|kal|Hello B", WAIT);
        EslClient.Execution a2 = client.execute(a, "set", "pin=1234", WAIT);
        EslClient.Execution b2 = client.execute(b, "playback", "ivr/bye.wav", WAIT);
        for (EslClient.Execution ex : List.of(a1, b1, a2, b2)) {
            EslEvent done = await(ex.result);
            assertThat(done.name()).isEqualTo("CHANNEL_EXECUTE_COMPLETE");
            assertThat(done.get("Application-UUID")).isEqualTo(ex.eventUuid);
            assertThat(done.uuid()).isEqualTo(ex.uuid);
            assertThat(done.get("Application")).isEqualTo(ex.app);
        }
        assertThat(await(a1.result).get("Application-Response")).isEqualTo("FILE PLAYED");
        assertThat(await(a2.result).variable("pin")).isEqualTo("1234");
        assertThat(fs.executed(b)).containsExactly(new FakeFreeSwitch.Executed("speak", "flite|kal|Hello B"),
                new FakeFreeSwitch.Executed("playback", "ivr/bye.wav"));
        assertThat(fs.commands()).anyMatch(c -> c.equals("sendmsg " + a));
    }

    @Test
    void aLongOrMultiLineArgumentTravelsAsABody() throws Exception {
        connect();
        String a = fs.parkInbound("+14155550100", "+14155550199");
        String text = "flite|kal|Line one.\nLine two: press # then * " + "x".repeat(1500);
        await(client.execute(a, "speak", text, WAIT).result);
        assertThat(fs.spoken(a)).containsExactly(text.substring("flite|kal|".length()));
    }

    @Test
    void poundArrivesAsPercent23AndIsDecoded() throws Exception {
        connect();
        String a = fs.parkInbound("+14155550100", "+14155550199");
        fs.dtmf(a, "#*", FakeFreeSwitch.DtmfSource.INFO);
        EslEvent pound = heard.await("DTMF", a);
        assertThat(pound.get("DTMF-Digit")).isEqualTo("#");
        assertThat(pound.get("DTMF-Source")).isEqualTo("ENDPOINT");
        assertThat(heard.await("DTMF", a).get("DTMF-Digit")).isEqualTo("*");
    }

    @Test
    void aRefusedSendmsgKeepsFreeSwitchsText() throws Exception {
        connect();
        EslClient.Execution ex = client.execute("11111111-2222-3333-4444-555555555555", "answer", null, WAIT);
        assertThat(failure(ex.result)).isInstanceOfSatisfying(EslException.class, e -> {
            assertThat(e.kind()).isEqualTo(EslException.Kind.REFUSED);
            assertThat(e.switchText()).isEqualTo("-ERR invalid session id [11111111-2222-3333-4444-555555555555]");
        });
    }

    @Test
    void aStalledAppMissesItsDeadlineThenUuidKillStillWorks() throws Exception {
        connect();
        fs.stall("playback");
        String a = fs.parkInbound("+14155550100", "+14155550199");
        EslClient.Execution ex = client.execute(a, "playback", "ivr/stuck.wav", Duration.ofMillis(150));
        assertThat(failure(ex.result)).isInstanceOf(TimeoutException.class).hasMessageContaining("playback on " + a)
                .hasMessageContaining(ex.eventUuid);
        assertThat(await(client.api("uuid_kill " + a + " NORMAL_TEMPORARY_FAILURE"))).isEqualTo("+OK\n");
        EslEvent done = heard.await("CHANNEL_EXECUTE_COMPLETE", a);
        assertThat(done.get("Application-UUID")).isEqualTo(ex.eventUuid);
        assertThat(heard.await("CHANNEL_HANGUP_COMPLETE", a).get("Hangup-Cause")).isEqualTo("NORMAL_TEMPORARY_FAILURE");
        assertThat(fs.exists(a)).isFalse();
    }

    @Test
    void aDroppedConnectionFailsWaitersReconnectsAndReplaysTheSubscription() throws Exception {
        connect(new EslClient.Options(EslClient.EVENTS, List.of("Call-Direction inbound"), Duration.ofSeconds(2),
                Duration.ofMillis(20), Duration.ofMillis(200)));
        assertThat(heard.nextConnect()).isFalse();
        fs.stall("playback");
        String a = fs.parkInbound("+14155550100", "+14155550199");
        EslClient.Execution waiting = client.execute(a, "playback", "ivr/stuck.wav", WAIT);
        fs.awaitExecuted(a, "playback", WAIT);

        fs.refuseConnections(true);
        fs.dropConnections();
        assertThat(failure(waiting.result)).isInstanceOfSatisfying(EslException.class,
                e -> assertThat(e.kind()).isEqualTo(EslException.Kind.CONNECTION_LOST));
        assertThat(heard.disconnects.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
        assertThat(failure(client.api("status"))).isInstanceOfSatisfying(EslException.class,
                e -> assertThat(e.kind()).isIn(EslException.Kind.NOT_CONNECTED, EslException.Kind.CONNECTION_LOST));

        fs.refuseConnections(false);
        assertThat(heard.nextConnect()).isTrue();
        assertThat(fs.commands().stream().filter(c -> c.startsWith("event plain ")).count()).isEqualTo(2);
        assertThat(fs.commands().stream().filter(c -> c.equals("filter Call-Direction inbound")).count()).isEqualTo(2);
        String b = fs.parkInbound("+14155550102", "+14155550199");
        assertThat(heard.await("CHANNEL_PARK", b)).isNotNull();
        assertThat(await(client.api("uuid_exists " + a))).isEqualTo("true");
    }

    @Test
    void twoClientsOnOneNodeBothHearEveryEventAndEachGetsItsOwnJobs() throws Exception {
        connect();
        EslTesting.Recorder otherHeard = new EslTesting.Recorder();
        try (EslClient other = new EslClient(fs.node("fs1"), EslTesting.options(Duration.ofSeconds(2)), timers,
                otherHeard, new Random(2))) {
            await(other.start());
            fs.awaitSubscribers(2, WAIT);
            String call = fs.parkInbound("+14155550100", "+14155550199");
            assertThat(heard.await("CHANNEL_PARK", call)).isNotNull();
            assertThat(otherHeard.await("CHANNEL_PARK", call)).isNotNull();
            String mine = UUID.randomUUID().toString();
            String theirs = UUID.randomUUID().toString();
            CompletableFuture<String> a = client.bgapi("originate {origination_uuid=" + mine
                    + "}sofia/gateway/carrier/15551230001 &park()", WAIT);
            CompletableFuture<String> b = other.bgapi("originate {origination_uuid=" + theirs
                    + "}sofia/gateway/carrier/15551230002 &park()", WAIT);
            assertThat(await(a)).isEqualTo("+OK " + mine + "\n");
            assertThat(await(b)).isEqualTo("+OK " + theirs + "\n");
        }
    }
}
