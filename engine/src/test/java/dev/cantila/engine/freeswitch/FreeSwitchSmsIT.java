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
import java.util.function.Supplier;
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

    private static <T> T await(Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T v = value.get();
        while (!done.test(v) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            v = value.get();
        }
        return v;
    }

    @Test
    void anApiSendGoesOutAsOneSipMessageAndEndsSent() throws InterruptedException {
        String id = api.post(path("/sms/send"), obj("to", "+14155550177", "body", "Your table is ready")).text("/id");

        String status = await(() -> api.get(path("/sms/messages/" + id)).text("/status"), "sent"::equals);
        assertThat(status).isEqualTo("sent");
        List<FakeFreeSwitch.Chat> chats = FS.chats().stream().filter(c -> c.body().equals("Your table is ready")).toList();
        assertThat(chats).hasSize(1);
        assertThat(chats.get(0).proto()).isEqualTo("sip");
        assertThat(chats.get(0).from()).isEqualTo(number);
        assertThat(chats.get(0).to()).isEqualTo("+14155550177");
    }

    @Test
    void aResubmittedMessageIsNotSentTwiceAndARefusalFailsTheMessage() throws InterruptedException {
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
        String status = await(() -> api.get(path("/sms/messages/" + multi)).text("/status"), "failed"::equals);
        assertThat(status).isEqualTo("failed");
        assertThat(FS.chats().stream().filter(c -> c.body().startsWith("two"))).isEmpty();
    }

    @Test
    void anInboundSipMessageRunsTheNumbersScriptWhoseReplyGoesBackByChat() throws InterruptedException {
        String sid = api.post(path("/scripts"), obj("name", "echo", "source", """
                export function onSms(sms, ctx) { ctx.reply('You said: ' + sms.body); }
                """)).text("/id");
        assertThat(api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("script", sid)))
                .status()).isEqualTo(200);

        FS.message("+14155550180", number, "hello over SIP");

        List<FakeFreeSwitch.Chat> replies = await(() -> FS.chats().stream()
                .filter(c -> c.body().equals("You said: hello over SIP")).toList(), l -> !l.isEmpty());
        assertThat(replies).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo(number);
            assertThat(c.to()).isEqualTo("+14155550180");
        });
        assertThat(api.get(path("/sms/inbound")).json().get("data").get(0).get("body").asText())
                .isEqualTo("hello over SIP");
    }
}
