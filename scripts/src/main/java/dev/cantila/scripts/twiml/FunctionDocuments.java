package dev.cantila.scripts.twiml;

import dev.cantila.runtime.Execution;
import dev.cantila.runtime.FunctionResult;
import dev.cantila.runtime.FunctionsProject;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a URL of a Functions project's own domain becomes a function run and its answer a TwiML document, the same in
 * the engine ({@code FunctionsSource}) and in {@code cantila test} ({@code dev.cantila.scripts.functions}): which
 * function a path reaches (public and protected ones only), the {@code event} it gets (Twilio's parameters, then the
 * URL's query, as Twilio merges them) and how a failed or non-2xx run fails the document.
 */
public final class FunctionDocuments {
    private FunctionDocuments() {
    }

    /** {@code url} as a URI, or a TwimlException naming it. */
    public static URI uri(String url) {
        try {
            return new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new TwimlException("'" + url + "' is not a URL");
        }
    }

    /** The path {@code uri} asks for ({@code /} when it has none). */
    public static String path(URI uri) {
        return uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    }

    /** The function at {@code path}, or Twilio's 404 naming the functions that are reachable. */
    public static FunctionsProject.Function route(FunctionsProject project, String url, String path) {
        return project.route(path).orElseThrow(() -> new TwimlException(url + " answered 404: the project has no"
                + " public function at " + path + " (it has " + project.functions().stream()
                .filter(f -> !f.visibility().equals("private")).map(FunctionsProject.Function::path).toList()
                + "; private functions are reached only through require)"));
    }

    /** A function's {@code event}: the account, Twilio's {@code params}, then the URL's query parameters. */
    public static Map<String, String> event(String accountSid, Map<String, String> params, URI uri) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("AccountSid", accountSid);
        event.put("ApiVersion", "2010-04-01");
        event.putAll(params);
        event.putAll(query(uri.getRawQuery()));
        return event;
    }

    /**
     * The TwiML answer of a function's run, or the failure the executor stops on: a script error located in the
     * function's file ({@code functions/x.js:3:7: …}, outcome {@code error}, {@code timeout}, …), or a non-2xx answer.
     */
    public static TwimlSource.Answer answer(String url, String file, FunctionResult result) {
        Execution ex = result.execution();
        if (!result.ok()) {
            throw TwimlException.withOutcome(ex.error() == null ? file + " failed"
                    : (ex.error().location().isEmpty() ? file : ex.error().location()) + ": "
                    + ex.error().message(), ex.outcome().name().toLowerCase(Locale.ROOT));
        }
        if (result.status() / 100 != 2) {
            throw TwimlException.withOutcome(file + " answered " + result.status()
                    + (result.body().isEmpty() ? "" : ": " + excerpt(result.body())), "url_error");
        }
        return new TwimlSource.Answer(url, result.status(), result.body());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String excerpt(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
