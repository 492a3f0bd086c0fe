package dev.cantila.engine.twilio;

import dev.cantila.scripts.twiml.TwimlException;
import dev.cantila.scripts.twiml.TwimlSource;
import dev.cantila.scripts.twiml.TwimlUrls;
import dev.cantila.webhooks.outbound.OutboundHttp;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends one Twilio-style request and returns the TwiML answer: a form-encoded POST (or a GET with the parameters
 * appended to the URL's query), signed with the project's auth token in {@code X-Twilio-Signature}, through the
 * SSRF-guarded {@link OutboundHttp} (private targets refused, redirects not followed, answers capped). Blocking:
 * callers run it on a virtual thread or a script worker.
 */
public final class TwilioRequests implements TwimlSource {
    public static final String USER_AGENT = "Cantila-TwiML/1";
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The largest TwiML answer accepted (Twilio's own limit is 64 KB). */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final TwilioAccounts accounts;
    private final OutboundHttp http;
    private final String publicUrl;

    /** @param publicUrl where apps reach this engine's API (RecordingUrl), without a trailing slash */
    public TwilioRequests(TwilioAccounts accounts, OutboundHttp http, String publicUrl) {
        this.accounts = accounts;
        this.http = http.withTimeouts(TIMEOUT, TIMEOUT);
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** {@code path} (of this engine's API) as an absolute URL an app can fetch. */
    public String absolute(String path) {
        return publicUrl + path;
    }

    /**
     * Requests {@code url} with {@code params} and returns the answer if it is a 2xx TwiML document.
     *
     * @throws TwimlException the target was refused, failed, timed out, answered non-2xx or too much
     */
    @Override
    public TwimlSource.Answer fetch(String projectId, String url, String method, Map<String, String> params) {
        TwilioAccounts.Credentials c = accounts.credentials(projectId);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("AccountSid", c.accountSid());
        all.put("ApiVersion", "2010-04-01");
        all.putAll(params);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", USER_AGENT);
        headers.put("Accept", "text/xml, application/xml, */*");
        String target = url;
        OutboundHttp.Response response;
        try {
            if (TwimlUrls.method(method).equals("GET")) {
                String form = form(all);
                target = url + (url.contains("?") ? "&" : "?") + form;
                headers.put(TwilioSignature.HEADER, TwilioSignature.sign(c.authToken(), target, List.of()));
                response = http.get(target, headers, MAX_ANSWER_BYTES + 1);
            } else {
                headers.put("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
                headers.put(TwilioSignature.HEADER, TwilioSignature.sign(c.authToken(), url,
                        List.copyOf(all.entrySet())));
                response = http.post(url, headers, form(all).getBytes(StandardCharsets.UTF_8), MAX_ANSWER_BYTES + 1);
            }
        } catch (HttpTimeoutException e) {
            throw new TwimlException(url + " timed out: " + e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new TwimlException(url + ": " + e.getMessage(), e);
        }
        if (response.status() / 100 != 2) {
            String excerpt = response.excerpt();
            throw new TwimlException(url + " answered " + response.status()
                    + (response.status() / 100 == 3 ? " (redirects are not followed)" : "")
                    + (excerpt.isEmpty() ? "" : ": " + excerpt));
        }
        if (response.truncated()) {
            throw new TwimlException(url + " answered more than " + MAX_ANSWER_BYTES + " bytes of TwiML");
        }
        return new TwimlSource.Answer(target, response.status(), response.text());
    }

    static String form(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> {
            if (!b.isEmpty()) {
                b.append('&');
            }
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }
}
