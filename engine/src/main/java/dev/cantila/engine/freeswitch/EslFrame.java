package dev.cantila.engine.freeswitch;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One message on the event socket: a header block and the {@code Content-Length} bytes that followed it.
 *
 * @param command the first line of a client command ({@code auth ClueCon}, {@code sendmsg <uuid>}); null for what
 *                FreeSWITCH writes, where every line is a header
 * @param headers the header lines in wire order, values as written (the outer frame is never URL-encoded)
 * @param body    exactly {@code Content-Length} bytes, empty when there was none
 */
record EslFrame(String command, Map<String, String> headers, byte[] body) {

    /** A header by name, exact first, then ignoring case as FreeSWITCH's own lookups do; null when absent. */
    String header(String name) {
        return lookup(headers, name);
    }

    String contentType() {
        return header("Content-Type");
    }

    String replyText() {
        return header("Reply-Text");
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    static String lookup(Map<String, String> headers, String name) {
        String v = headers.get(name);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
