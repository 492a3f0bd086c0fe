package dev.cantila.scripts.twiml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Messaging TwiML as the engine and cantila test run it: Message bodies, to/from, Redirect, refusals. */
class TwimlMessagingTest {
    private static final TwimlMessaging.Inbound INBOUND = new TwimlMessaging.Inbound("p", "+14155550123",
            "+14155550100", Map.of("Body", "hi"));

    private final List<String> sent = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();

    private TwimlMessaging.Run run(Map<String, String> documents) {
        TwimlSource source = (project, url, method, params) -> {
            asked.add(method + " " + url + " " + params.get("Body"));
            return new TwimlSource.Answer(url, 200, documents.getOrDefault(url, ""));
        };
        return TwimlMessaging.run(source, INBOUND, "https://app.example/sms", "POST", (to, text) -> {
            sent.add(to + ": " + text);
            return "msg_" + sent.size();
        });
    }

    @Test
    void messagesGoToTheSenderOrTheirToAndARedirectAsksTheRelativeUrl() {
        TwimlMessaging.Run run = run(Map.of(
                "https://app.example/sms", "<Response><Message><Body> one two </Body></Message>"
                        + "<Redirect method=\"GET\">next</Redirect><Message>unreachable</Message></Response>",
                "https://app.example/next", "<Response><Message to=\"+14155550101\" from=\"+1 415 555 0100\">"
                        + "fwd</Message></Response>"));
        assertThat(run.error()).isNull();
        assertThat(run.messageRefused()).isFalse();
        assertThat(sent).containsExactly("+14155550123: one two", "+14155550101: fwd");
        assertThat(asked).containsExactly("POST https://app.example/sms hi", "GET https://app.example/next hi");
    }

    @Test
    void aForeignFromIsRefusedAndAnUnknownNounStopsTheRunBeforeAnythingIsSent() {
        TwimlMessaging.Run refused = run(Map.of("https://app.example/sms",
                "<Response><Message from=\"+19995550000\">x</Message></Response>"));
        assertThat(refused.messageRefused()).isTrue();
        assertThat(refused.steps().toString()).contains("from must be the number that received the message");

        TwimlMessaging.Run media = run(Map.of("https://app.example/sms",
                "<Response><Message>x</Message><Message><Media>https://a/b.png</Media></Message></Response>"));
        assertThat(media.error()).hasMessageContaining("<Media> is not supported");
        assertThat(sent).isEmpty();

        TwimlMessaging.Run loop = run(Map.of("https://app.example/sms", "<Response><Redirect>sms</Redirect></Response>"));
        assertThat(loop.error()).hasMessageContaining("more than " + TwimlMessaging.MAX_REDIRECTS + " redirects");
    }
}
