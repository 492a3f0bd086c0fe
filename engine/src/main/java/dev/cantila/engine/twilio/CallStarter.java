package dev.cantila.engine.twilio;

/**
 * How a Function's {@code client.calls.create} places a call: through the same path as {@code POST
 * /v1/projects/:id/voice/calls} (held number, voice capability, the call's state machine and events). Implemented by
 * the voice domain; the call runs a TwiML URL or, for a URL on the Functions project's own domain, its function.
 */
public interface CallStarter {
    /**
     * @param url      a TwiML URL (Twilio format, POST), or null
     * @param scriptId with {@code path}: the Functions project script whose function runs the call, or null
     * @return the new call's id
     * @throws dev.cantila.engine.core.ApiException when the call is refused (the function sees its code)
     */
    String start(String projectId, String from, String to, String url, String scriptId, String path);
}
