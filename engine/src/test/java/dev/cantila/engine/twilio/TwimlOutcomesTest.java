package dev.cantila.engine.twilio;

import dev.cantila.scripts.twiml.TwimlException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failed TwiML run is classified for the execution log. */
class TwimlOutcomesTest {
    @Test
    void failuresAreClassifiedForTheExecutionLog() {
        assertThat(TwimlOutcomes.of(new TwimlException("t", new HttpTimeoutException("slow")))).isEqualTo("url_timeout");
        assertThat(TwimlOutcomes.of(new TwimlException("u", new IOException("refused")))).isEqualTo("url_error");
        assertThat(TwimlOutcomes.of(new TwimlException("http://x answered 500"))).isEqualTo("url_error");
        assertThat(TwimlOutcomes.of(new TwimlException("<Sms> is not a voice TwiML verb"))).isEqualTo("twiml_error");
        assertThat(TwimlOutcomes.of(TwimlException.withOutcome("functions/x.js:3:5: boom", "error"))).isEqualTo("error");
    }
}
