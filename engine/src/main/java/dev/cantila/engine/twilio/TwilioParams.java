package dev.cantila.engine.twilio;

import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.sms.Message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Twilio's request parameters, filled from our own records with what we know to be true: ids are our ids
 * ({@code msg_…}, {@code call_…}) so an app can use them with this API; countries come from the numbers; nothing
 * is invented (no city, state or zip, no caller name). {@code AccountSid} and {@code ApiVersion} are added by
 * {@link TwilioRequests}.
 */
public final class TwilioParams {
    private TwilioParams() {
    }

    /** An inbound message, as Twilio posts it to a messaging webhook. */
    public static Map<String, String> sms(Message m) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", m.id());
        p.put("SmsSid", m.id());
        p.put("SmsMessageSid", m.id());
        p.put("From", m.from());
        p.put("To", m.to());
        p.put("Body", m.body());
        p.put("NumMedia", "0");
        p.put("NumSegments", String.valueOf(Math.max(1, m.segments())));
        p.put("SmsStatus", "received");
        country(p, "FromCountry", m.from());
        country(p, "ToCountry", m.to());
        return p;
    }

    /**
     * A call, as Twilio posts it to a voice webhook.
     *
     * @param direction our {@code inbound} / {@code outbound}; Twilio's {@code outbound-api} for the latter
     * @param status    Twilio's {@code CallStatus}: ringing, in-progress, completed...
     */
    public static Map<String, String> call(String callId, String from, String to, String direction, String status) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CallSid", callId);
        p.put("From", from);
        p.put("To", to);
        p.put("Caller", from);
        p.put("Called", to);
        p.put("CallStatus", status);
        p.put("Direction", direction.equals("inbound") ? "inbound" : "outbound-api");
        country(p, "FromCountry", from);
        country(p, "ToCountry", to);
        country(p, "CallerCountry", from);
        country(p, "CalledCountry", to);
        return p;
    }

    private static void country(Map<String, String> p, String name, String e164) {
        try {
            String region = PhoneNumbers.regionOf(e164);
            if (region != null && !region.equals("ZZ")) {
                p.put(name, region);
            }
        } catch (RuntimeException e) {
            // not a phone number we can place (a SIP address): no country rather than a wrong one
        }
    }
}
