package dev.cantila.runtime.host;

import java.util.Map;

/**
 * What an SMS handler can do, implemented by the engine (through the same send path as the API: validation,
 * segments, opt-out, throughput) and by the scripts module for local tests. One instance per invocation or
 * per project, as the implementor likes; the runtime calls it only on the invocation's worker thread.
 *
 * <p>Every action method returns the id of the message it created, or throws {@link HostActionException},
 * which the script sees as an {@code Error} with that code. Any other exception is a host bug: the invocation
 * ends as ERROR with the exception's message.
 */
public interface SmsHost {

    /** {@code ctx.reply(text)}: answer the sender from the number that received the message. */
    String reply(String text);

    /** {@code ctx.reply({templateId, vars})}. */
    String replyTemplate(String templateId, Map<String, String> vars);

    /** {@code ctx.forward(to, {prefix})}: send the inbound body to {@code to}; prefix may be null. */
    String forward(String to, String prefix);

    /** {@code ctx.sms.send({to, body | templateId, vars})}: exactly one of body and templateId is non-null. */
    String send(String to, String body, String templateId, Map<String, String> vars);

    /** The project's variables; the runtime gives the script a frozen copy. */
    Map<String, String> env();

    /**
     * The JSON text stored under key, or null. Values cross this seam as JSON text: the runtime serialises
     * on set and parses on get, the engine only stores text (and enforces key/value/total sizes by throwing
     * {@link HostActionException}).
     */
    String kvGet(String key);

    void kvSet(String key, String json);

    /** True if the key existed. */
    boolean kvDelete(String key);

    /**
     * A Functions project's {@code client.calls.create({to, from, url | twiml})}: an outbound call from the project's
     * number run by that TwiML; exactly one of {@code twiml} and {@code url} is non-null, {@code from} may be null.
     * Refused unless the host places calls.
     *
     * @return the call's id
     */
    default String call(String to, String from, String twiml, String url) {
        throw new HostActionException("unsupported", "calls.create is not available from a handler yet: start the call"
                + " with POST /v1/projects/:id/voice/calls {to, from, url, format: \"twilio\"}");
    }

    /** {@code ctx.otp}: one-time codes for the handler's project; none unless the host offers them. */
    default OtpHost otp() {
        return OtpHost.NONE;
    }
}
