package dev.cantila.scripts.twiml;

import java.util.Map;

/**
 * Where the TwiML executors get their next document: in the engine, a web app over HTTP ({@code TwilioRequests}) or a
 * function of a deployed Functions project ({@code FunctionsSource}, which asks HTTP for any URL outside its
 * project); offline ({@code cantila test}), a function of the project on disk. Blocking: the
 * executors call it on a virtual thread or the router's thread.
 */
public interface TwimlSource {
    /** A request's outcome: the URL as requested (with the query of a GET) and the answer's status and text. */
    record Answer(String url, int status, String body) {
    }

    /**
     * The TwiML answer of {@code url} to Twilio's {@code params}.
     *
     * @throws TwimlException the target failed, was refused, answered non-2xx or too much
     */
    Answer fetch(String projectId, String url, String method, Map<String, String> params);
}
