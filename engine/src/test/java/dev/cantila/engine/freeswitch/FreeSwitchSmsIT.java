package dev.cantila.engine.freeswitch;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cantila.engine.telephony.CarrierException;
import dev.cantila.engine.telephony.TelephonyProvider;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMS through FreeSWITCH (issue #4 item 11): out by the chat API, in from MESSAGE events, over TCP to the fake. */
class FreeSwitchSmsIT {
    static final FakeFreeSwitch FS = FakeFreeSwitch.start();

    @RegisterExtension
    static final TestServer SERVER = TestServer.withSettings(Map.of("cantila.telephony.provider", "freeswitch",
            "cantila.freeswitch.nodes.0", FS.spec("fs1"), "cantila.sms.poll", "20ms"));

    private Api api;
    private String project;
    private String number;

    @org.junit.jupiter.api.BeforeAll
    static void workers() {
        SERVER.app().sms().onStatus(dev.cantila.engine.sms.SmsListener.afterCommit(m ->
                FINAL.computeIfAbsent(m.id() + "/" + m.status(), k -> new java.util.concurrent.CompletableFuture<>())
                        .complete(m.status())));
        SERVER.app().startWorkers(); // the dispatcher and the carrier's reporter, as in production
    }

    @AfterAll
    static void stop() {
        FS.close();
    }

    @BeforeEach
    void newProject() throws InterruptedException {
        FS.awaitSubscribers(1, Duration.ofSeconds(10));
        var created = SERVER.newProject("sip-sms");
        project = created.id();
        api = created.api();
        number = api.post("/v1/projects/" + project + "/sms/activate", obj("country", "US", "numberType", "local"))
                .text("/e164");
        FS.failChat(false);
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    /** Completes with each message's status as it commits (the send path's own listener, no polling). */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<String>>
            FINAL = new java.util.concurrent.ConcurrentHashMap<>();

    private static String awaitStatus(String messageId, String status) throws Exception {
        return FINAL.computeIfAbsent(messageId + "/" + status, k -> new java.util.concurrent.CompletableFuture<>())
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void anApiSendGoesOutAsOneSipMessageAndEndsSent() throws Exception {
        String id = api.post(path("/sms/send"), obj("to", "+14155550177", "body", "Your table is ready")).text("/id");

        assertThat(awaitStatus(id, "sent")).isEqualTo("sent");
        assertThat(api.get(path("/sms/messages/" + id)).text("/status")).isEqualTo("sent");
        List<FakeFreeSwitch.Chat> chats = FS.chats().stream().filter(c -> c.body().equals("Your table is ready")).toList();
        assertThat(chats).hasSize(1);
        assertThat(chats.get(0).proto()).isEqualTo("sip");
        assertThat(chats.get(0).from()).isEqualTo(number);
        assertThat(chats.get(0).to()).isEqualTo("+14155550177");
    }

    @Test
    void aResubmittedMessageIsNotSentTwiceAndARefusalFailsTheMessage() throws Exception {
        TelephonyProvider carrier = SERVER.app().carrier();
        var sms = new TelephonyProvider.OutboundSms("msg_resubmit1", number, "+14155550178", "once", 1, "local");
        var first = carrier.submitSms(sms);
        var again = carrier.submitSms(sms);
        assertThat(again).isEqualTo(first);
        assertThat(FS.chats().stream().filter(c -> c.body().equals("once"))).hasSize(1);

        FS.failChat(true);
        CarrierException refused = org.assertj.core.api.Assertions.catchThrowableOfType(CarrierException.class,
                () -> carrier.submitSms(new TelephonyProvider.OutboundSms("msg_refused1", number, "+14155550179",
                        "nope", 1, "local")));
        assertThat(refused.code()).isEqualTo("switch_refused");
        assertThat(refused.retryable()).isFalse();

        FS.failChat(false);
        String multi = api.post(path("/sms/send"), obj("to", "+14155550179", "body", "two\nlines")).text("/id");
        assertThat(awaitStatus(multi, "failed")).isEqualTo("failed");
        assertThat(FS.chats().stream().filter(c -> c.body().startsWith("two"))).isEmpty();
    }

    @Test
    void anInboundSipMessageRunsTheNumbersScriptWhoseReplyGoesBackByChat() {
        String sid = api.post(path("/scripts"), obj("name", "echo", "source", """
                export function onSms(sms, ctx) { ctx.reply('You said: ' + sms.body); }
                """)).text("/id");
        assertThat(api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("script", sid)))
                .status()).isEqualTo(200);

        FS.message("+14155550180", number, "hello over SIP");

        FakeFreeSwitch.Chat reply = FS.awaitChat(c -> c.body().equals("You said: hello over SIP"), Duration.ofSeconds(10));
        assertThat(reply.from()).isEqualTo(number);
        assertThat(reply.to()).isEqualTo("+14155550180");
        assertThat(api.get(path("/sms/inbound")).json().get("data").get(0).get("body").asText())
                .isEqualTo("hello over SIP");
    }
}
