package dev.cantila.scripts.twiml;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code <Dial><Conference>}: its documented attributes, what is refused and what is accepted but not acted on. */
class TwimlConferenceRulesTest {
    private static void check(String dial) {
        TwimlVoiceRules.check(Twiml.parse("<Response>" + dial + "</Response>"));
    }

    @Test
    void theDocumentedAttributesAreAccepted() {
        check("<Dial action=\"after\" timeout=\"20\"><Conference startConferenceOnEnter=\"false\""
                + " endConferenceOnExit=\"true\" muted=\"true\" beep=\"onEnter\" waitUrl=\"/hold\""
                + " maxParticipants=\"10\">Board Room</Conference></Dial>");
        Twiml.Verb conference = Twiml.parse("<Response><Dial><Conference statusCallback=\"/s\""
                + " statusCallbackEvent=\"start end\" record=\"record-from-start\">r</Conference></Dial></Response>")
                .getFirst().children().getFirst();
        assertThat(TwimlVoiceRules.ignored(conference)).as("status callbacks are honoured").containsExactly("record");
    }

    @Test
    void wrongValuesMixedNounsAndUnknownAttributesAreRefused() {
        assertThatThrownBy(() -> check("<Dial><Conference beep=\"loud\">r</Conference></Dial>"))
                .hasMessageContaining("beep=\"loud\"");
        assertThatThrownBy(() -> check("<Dial><Conference muted=\"maybe\">r</Conference></Dial>"))
                .hasMessageContaining("muted=\"maybe\"");
        assertThatThrownBy(() -> check("<Dial><Conference maxParticipants=\"1\">r</Conference></Dial>"))
                .hasMessageContaining("2-250");
        assertThatThrownBy(() -> check("<Dial><Conference maxParticipants=\"251\">r</Conference></Dial>"))
                .hasMessageContaining("maxParticipants");
        assertThatThrownBy(() -> check("<Dial><Conference>r</Conference><Number>+14155550101</Number></Dial>"))
                .hasMessageContaining("only noun");
        assertThatThrownBy(() -> check("<Dial><Conference/></Dial>")).hasMessageContaining("room name");
        assertThatThrownBy(() -> check("<Dial><Conference>a/b</Conference></Dial>")).hasMessageContaining("room name");
        assertThatThrownBy(() -> check("<Dial><Conference statusCallbackEvent=\"start finish\">r</Conference></Dial>"))
                .hasMessageContaining("'finish'");
        assertThatThrownBy(() -> check("<Dial><Conference statusCallbackMethod=\"PUT\">r</Conference></Dial>"))
                .hasMessageContaining("statusCallbackMethod");
        assertThatThrownBy(() -> check("<Dial><Conference volume=\"3\">r</Conference></Dial>"))
                .hasMessageContaining("<Conference> has no attribute 'volume'");
    }
}
