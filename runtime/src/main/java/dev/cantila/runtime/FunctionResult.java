package dev.cantila.runtime;

import java.util.Map;

/**
 * What a function answered: the callback's response (a TwiML builder's XML, a string, JSON, or a
 * {@code Twilio.Response}'s status, headers and body), and the invocation's record. A failed run is status 500
 * with an empty body; {@link Execution#error()} says why, located in the function's own file.
 */
public record FunctionResult(Execution execution, int status, Map<String, String> headers, String body) {
    public FunctionResult {
        headers = Map.copyOf(headers);
    }

    public boolean ok() {
        return execution.ok();
    }
}
