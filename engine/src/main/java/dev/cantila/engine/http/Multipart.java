package dev.cantila.engine.http;

import dev.cantila.engine.core.ApiException;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578), read whole (bounded by {@code maxBytes}) and split into its parts.
 * Only what uploads need: each part's form name, file name, declared type and bytes. A body that is not
 * multipart, has no boundary, or is cut short is a 400 {@code invalid_multipart}, never a 5xx.
 */
public final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern PARAM = Pattern.compile("(?i);\\s*(name|filename)=(\"([^\"]*)\"|([^;\\s]*))");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    private Multipart() {
    }

    /** One part: {@code filename} and {@code contentType} are null when the part did not give them. */
    public record Part(String name, String filename, String contentType, byte[] data) {
    }

    public static List<Part> read(ServerRequest req, int maxBytes) {
        String type = req.headers().contentType().map(Object::toString).orElse("");
        return parse(type, Json.read(req, maxBytes));
    }

    static List<Part> parse(String contentType, byte[] body) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw invalid("send multipart/form-data (curl -F file=@bill.pdf), got '" + contentType + "'");
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw invalid("the multipart Content-Type has no boundary");
        }
        byte[] delimiter = ("--" + (m.group(2) != null ? m.group(2) : m.group(3))).getBytes(StandardCharsets.US_ASCII);
        byte[] between = concat(CRLF, delimiter);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw invalid("the body holds no part (no boundary line)");
        }
        List<Part> parts = new ArrayList<>();
        int pos = at + delimiter.length;
        while (true) {
            if (pos + 2 <= body.length && body[pos] == '-' && body[pos + 1] == '-') {
                return parts;
            }
            if (pos + 2 > body.length || body[pos] != '\r' || body[pos + 1] != '\n') {
                throw invalid("a boundary line is not followed by CRLF");
            }
            int headersEnd = indexOf(body, HEADERS_END, pos);
            if (headersEnd < 0) {
                throw invalid("a part's headers do not end");
            }
            String headers = new String(body, pos + 2, Math.max(0, headersEnd - pos - 2), StandardCharsets.UTF_8);
            int end = indexOf(body, between, headersEnd + 4);
            if (end < 0) {
                throw invalid("the body ends inside a part (no closing boundary)");
            }
            byte[] data = java.util.Arrays.copyOfRange(body, headersEnd + 4, end);
            parts.add(part(headers, data));
            pos = end + between.length;
        }
    }

    private static Part part(String headers, byte[] data) {
        String name = null;
        String filename = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String header = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (header.equals("content-disposition")) {
                Matcher p = PARAM.matcher(value);
                while (p.find()) {
                    String v = p.group(3) != null ? p.group(3) : p.group(4);
                    if (p.group(1).equalsIgnoreCase("name")) {
                        name = v;
                    } else {
                        filename = v;
                    }
                }
            } else if (header.equals("content-type")) {
                type = value;
            }
        }
        return new Part(name, filename, type, data);
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static ApiException invalid(String message) {
        return ApiException.invalid("invalid_multipart", null, message);
    }
}
