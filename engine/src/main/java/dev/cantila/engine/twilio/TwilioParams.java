package dev.cantila.engine.twilio;

import dev.cantila.scripts.twiml.TwimlParams;
import dev.cantila.engine.sms.Message;

import java.util.Map;

/**
 * Twilio's request parameters, filled from our own records with what we know to be true: ids are our ids
 * ({@code msg_…}, {@code call_…}) so an app can use them with this API; countries come from the numbers; nothing
 * is invented (no city, state or zip, no caller name). {@code AccountSid} and {@code ApiVersion} are added by
 * {@link TwilioRequests}. A call's are {@link TwimlParams#call}.
 */
public final class TwilioParams {
    private TwilioParams() {
    }

    /** An inbound message, as Twilio posts it to a messaging webhook. */
    public static Map<String, String> sms(Message m) {
        return TwimlParams.sms(m.id(), m.from(), m.to(), m.body(), m.segments());
    }
}
