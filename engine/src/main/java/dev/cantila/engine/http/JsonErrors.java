package dev.cantila.engine.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A parser failure as a short message for a person: what is wrong and where (line, column). Jackson's own text
 * names its internals (features, constraint getters, the redacted source) and never reaches the client.
 */
final class JsonErrors {
    private static final int MAX_REASON = 120;

    private JsonErrors() {
    }

    static String describe(JsonProcessingException e) {
        var where = e.getLocation();
        String at = where == null || where.getLineNr() < 1 ? ""
                : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
        return "the request body is not valid JSON" + at + ": " + reason(e);
    }

    private static String reason(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "it ends before the value is complete";
        }
        if (e instanceof StreamConstraintsException) {
            return "it is nested too deeply or holds a value that is too long";
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof MismatchedInputException && original.startsWith("Trailing token")) {
            return "there is more text after the JSON value";
        }
        if (e instanceof MismatchedInputException) {
            return "no JSON value";
        }
        String reason = original.lines().findFirst().orElse("").strip();
        for (String internal : new String[] {"`", " at [Source", "Source:"}) {
            int cut = reason.indexOf(internal);
            if (cut >= 0) {
                reason = reason.substring(0, cut).strip();
            }
        }
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "…";
        }
        return reason.isEmpty() ? "malformed input" : reason;
    }
}
