package dev.cantila.scripts.twiml;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TwiML parser, the voice document check and relative URLs. */
class TwimlTest {
    @Test
    void verbsKeepTheirAttributesTextAndNouns() {
        List<Twiml.Verb> verbs = Twiml.parse("<?xml version=\"1.0\"?><Response><Gather numDigits=\"1\" action=\"next\">"
                + "<Say voice=\"alice\"> Press 1 </Say></Gather><Dial><Number>+14155550101</Number></Dial>"
                + "<Say><![CDATA[a < b]]></Say></Response>");
        assertThat(verbs).extracting(Twiml.Verb::name).containsExactly("Gather", "Dial", "Say");
        assertThat(verbs.get(0).attr("action", null)).isEqualTo("next");
        assertThat(verbs.get(0).children().getFirst().text()).isEqualTo("Press 1");
        assertThat(verbs.get(1).children().getFirst().text()).isEqualTo("+14155550101");
        assertThat(verbs.get(2).text()).isEqualTo("a < b");
        TwimlVoiceRules.check(verbs);
    }

    @Test
    void aDoctypeAnotherRootOrBrokenXmlIsRefused() {
        assertThatThrownBy(() -> Twiml.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
                + "<Response><Say>&e;</Say></Response>")).isInstanceOf(TwimlException.class)
                .hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> Twiml.parse("<Reply><Say>x</Say></Reply>")).hasMessageContaining("<Response>");
        assertThatThrownBy(() -> Twiml.parse("<Response><Say>x</Response>")).hasMessageContaining("not well-formed");
    }

    @Test
    void unknownAttributesAndNounsFailRefusedVerbsSayWhyAndIgnoredOnesAreNamed() {
        assertThatThrownBy(() -> TwimlVoiceRules.check(Twiml.parse("<Response><Say volume=\"11\">x</Say></Response>")))
                .hasMessageContaining("<Say> has no attribute 'volume'");
        assertThatThrownBy(() -> TwimlVoiceRules.check(Twiml.parse("<Response><Gather><Dial>+1</Dial></Gather>"
                + "</Response>"))).hasMessageContaining("<Dial> cannot be nested in <Gather>");
        assertThatThrownBy(() -> TwimlVoiceRules.check(Twiml.parse("<Response><Enqueue>q</Enqueue></Response>")))
                .hasMessageContaining("no call queues");
        assertThatThrownBy(() -> TwimlVoiceRules.check(Twiml.parse("<Response><Gather timeout=\"soon\"/></Response>")))
                .hasMessageContaining("timeout=\"soon\"");
        Twiml.Verb dial = Twiml.parse("<Response><Dial ringTone=\"us\" hangupOnStar=\"true\" timeout=\"10\">+1</Dial>"
                + "</Response>").getFirst();
        TwimlVoiceRules.check(List.of(dial));
        assertThat(TwimlVoiceRules.ignored(dial)).containsExactly("ringTone");
        assertThatThrownBy(() -> TwimlVoiceRules.check(Twiml.parse("<Response><Dial hangupOnStar=\"yes\">+1</Dial>"
                + "</Response>"))).hasMessageContaining("hangupOnStar");
        Twiml.Verb limited = Twiml.parse("<Response><Dial timeLimit=\"30\">+1</Dial></Response>").getFirst();
        TwimlVoiceRules.check(List.of(limited));
        assertThat(TwimlVoiceRules.ignored(limited)).isEmpty();
        assertThatThrownBy(() -> TwimlVoiceRules.check(Twiml.parse("<Response><Dial timeLimit=\"0\">+1</Dial>"
                + "</Response>"))).hasMessageContaining("timeLimit");
        Twiml.Verb digits = Twiml.parse("<Response><Dial><Number sendDigits=\"ww12*#\">+1</Number></Dial></Response>")
                .getFirst();
        TwimlVoiceRules.check(List.of(digits));
        assertThat(TwimlVoiceRules.ignored(digits.children().getFirst())).isEmpty();
        assertThatThrownBy(() -> TwimlVoiceRules.check(Twiml.parse("<Response><Dial><Number sendDigits=\"12x\">+1"
                + "</Number></Dial></Response>"))).hasMessageContaining("sendDigits");
    }

    @Test
    void relativeUrlsResolveAgainstTheDocument() {
        assertThat(TwimlUrls.resolve("https://a.example/ivr/welcome?x=1", "handle-user-input"))
                .isEqualTo("https://a.example/ivr/handle-user-input");
        assertThat(TwimlUrls.resolve("https://a.example/ivr/welcome", "/next")).isEqualTo("https://a.example/next");
        assertThat(TwimlUrls.resolve("https://a.example/ivr/welcome", "https://b.example/x"))
                .isEqualTo("https://b.example/x");
    }

    @Test
    void aNumbersWhisperUrlIsHonouredAndAWhisperDocumentOnlyTalksToTheCalledParty() {
        List<Twiml.Verb> dial = Twiml.parse("<Response><Dial><Number url=\"whisper\" method=\"GET\">+14155550101"
                + "</Number></Dial></Response>");
        TwimlVoiceRules.check(dial);
        assertThat(TwimlVoiceRules.ignored(dial.getFirst().children().getFirst())).isEmpty();
        assertThatThrownBy(() -> TwimlVoiceRules.check(Twiml.parse("<Response><Dial><Number method=\"PUT\">+14155550101"
                + "</Number></Dial></Response>"))).hasMessageContaining("method must be GET or POST");
        TwimlVoiceRules.checkWhisper(Twiml.parse("<Response><Gather numDigits=\"1\"><Say>Press 1</Say></Gather>"
                + "<Pause/><Play>https://example.com/a.mp3</Play><Redirect>again</Redirect><Hangup/></Response>"));
        assertThatThrownBy(() -> TwimlVoiceRules.checkWhisper(Twiml.parse("<Response><Dial>+14155550102</Dial>"
                + "</Response>"))).hasMessageContaining("<Dial> cannot run in a whisper");
        assertThatThrownBy(() -> TwimlVoiceRules.checkWhisper(Twiml.parse("<Response><Record/></Response>")))
                .hasMessageContaining("<Record> cannot run in a whisper");
    }
}
