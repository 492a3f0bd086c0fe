package dev.cantila.engine.twilio;

import java.util.Map;

/**
 * Where the TwiML executors get their next document: a web app over HTTP ({@link TwilioRequests}) or a function of
 * a Functions project ({@link FunctionsSource}, which asks HTTP for any URL outside its project). Blocking: the
 * executors call it on a virtual thread or the router's thread.
 */
public interface TwimlSource {
    /**
     * The TwiML answer of {@code url} to Twilio's {@code params}.
     *
     * @throws TwimlException the target failed, was refused, answered non-2xx or too much
     */
    TwilioRequests.Answer fetch(String projectId, String url, String method, Map<String, String> params);
}
