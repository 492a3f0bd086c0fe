package dev.cantila.engine.freeswitch;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event-socket wire format, both directions (FreeSWITCH {@code mod_event_socket.c} {@code read_packet} and
 * {@code switch_event.c} {@code switch_event_serialize}; see {@code reference/freeswitch-esl.md} §5.3).
 *
 * <p>A frame is a header block ended by an empty line ({@code \r} tolerated, leading empty lines skipped), then
 * exactly {@code Content-Length} body bytes. A body above {@value #MAX_BODY} bytes or a header block above
 * {@value #MAX_HEADER_BLOCK} bytes is a protocol error ({@link EslException.Kind#PROTOCOL}) and the caller must drop
 * the connection, as FreeSWITCH does. Stateless; the streams are the caller's.
 */
final class EslCodec {
    /** FreeSWITCH's {@code MAX_CONTENT_LENGTH}. */
    static final int MAX_BODY = 16 * 1024 * 1024;
    /** FreeSWITCH's cap on a command's header block. */
    static final int MAX_HEADER_BLOCK = 10 * 1024 * 1024;
    /** {@code SWITCH_URL_UNSAFE} ({@code switch_utils.h}); {@code *} is not in it. */
    static final String URL_UNSAFE = "\r\n #%&+:;<=>?@[\\]^`{|}\"";
    static final String UNDEF = "_undef_";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EslCodec() {
    }

    /** Reads what FreeSWITCH writes (every line a header). Null at a clean end of stream between frames. */
    static EslFrame readFrame(InputStream in) throws IOException {
        return read(in, false);
    }

    /** Reads what a client writes (the first line is the command). Null at a clean end of stream between frames. */
    static EslFrame readCommand(InputStream in) throws IOException {
        return read(in, true);
    }

    private static EslFrame read(InputStream in, boolean command) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String first = null;
        int blockBytes = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        boolean started = false;
        while (true) {
            line.reset();
            int n = readLine(in, line, MAX_HEADER_BLOCK - blockBytes);
            if (n < 0) {
                if (!started) {
                    return null;
                }
                throw new EOFException("stream ended inside a header block");
            }
            blockBytes += n;
            String text = stripCr(line.toString(StandardCharsets.UTF_8));
            if (text.isEmpty()) {
                if (!started) {
                    continue; // leading blank lines are skipped
                }
                break;
            }
            if (command && !started) {
                first = text;
            } else {
                int colon = text.indexOf(':');
                if (colon > 0) {
                    headers.put(text.substring(0, colon).trim(), text.substring(colon + 1).stripLeading());
                }
            }
            started = true;
        }
        return new EslFrame(first, headers, readBody(in, EslFrame.lookup(headers, "Content-Length")));
    }

    private static byte[] readBody(InputStream in, String contentLength) throws IOException {
        if (contentLength == null) {
            return new byte[0];
        }
        long length;
        try {
            length = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            throw protocol("Content-Length is not a number: '" + contentLength + "'");
        }
        if (length < 0 || length > MAX_BODY) {
            throw protocol("Content-Length " + length + " is outside 0.." + MAX_BODY);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new EOFException("stream ended after " + body.length + " of " + length + " body bytes");
        }
        return body;
    }

    /** Reads up to and including {@code \n}; returns the bytes consumed, or -1 at end of stream before any. */
    private static int readLine(InputStream in, ByteArrayOutputStream line, int budget) throws IOException {
        int count = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (count == 0) {
                    return -1;
                }
                throw new EOFException("stream ended inside a header line");
            }
            if (++count > budget) {
                throw protocol("header block longer than " + MAX_HEADER_BLOCK + " bytes");
            }
            if (b == '\n') {
                return count;
            }
            line.write(b);
        }
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Parses a {@code text/event-plain} body: {@code Name: url-encoded value} lines, {@code _undef_} for an empty
     * value, then either an empty line or (events with a body) {@code Content-Length: n}, an empty line and n bytes.
     */
    static EslEvent parseEvent(byte[] serialized) {
        Map<String, String> headers = new LinkedHashMap<>();
        int pos = 0;
        int innerLength = -1;
        while (pos < serialized.length) {
            int end = indexOf(serialized, (byte) '\n', pos);
            int lineEnd = end < 0 ? serialized.length : end;
            String text = stripCr(new String(serialized, pos, lineEnd - pos, StandardCharsets.UTF_8));
            pos = end < 0 ? serialized.length : end + 1;
            if (text.isEmpty()) {
                if (headers.isEmpty()) {
                    continue;
                }
                break;
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = text.substring(0, colon).trim();
            String value = urlDecode(text.substring(colon + 1).stripLeading());
            if (name.equals("Content-Length")) {
                innerLength = parseInnerLength(value);
                continue;
            }
            headers.put(name, value.equals(UNDEF) ? "" : value);
        }
        String body = "";
        if (innerLength > 0) {
            int n = Math.min(innerLength, serialized.length - pos);
            body = new String(serialized, pos, n, StandardCharsets.UTF_8);
        }
        return new EslEvent(java.util.Collections.unmodifiableMap(headers), body);
    }

    private static int parseInnerLength(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0 || n > MAX_BODY) {
                throw protocol("event body Content-Length " + n + " is outside 0.." + MAX_BODY);
            }
            return n;
        } catch (NumberFormatException e) {
            throw protocol("event body Content-Length is not a number: '" + value + "'");
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A client command: {@code line}, one {@code Name: value} line per header (raw: FreeSWITCH does not decode
     * command headers), then, with a body, {@code Content-Length} and the body after the empty line.
     *
     * @throws IllegalArgumentException when the line or a header would break the framing (a line break in it)
     */
    static byte[] command(String line, Map<String, String> headers, String body) {
        StringBuilder sb = new StringBuilder(line.length() + 64 * (headers.size() + 1));
        sb.append(singleLine(line, "command")).append('\n');
        headers.forEach((k, v) -> sb.append(singleLine(k, "header name")).append(": ")
                .append(singleLine(v, "header " + k)).append('\n'));
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            sb.append("Content-Length: ").append(bodyBytes.length).append('\n');
        }
        sb.append('\n');
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + bodyBytes.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bodyBytes, 0, out, head.length, bodyBytes.length);
        return out;
    }

    private static String singleLine(String s, String what) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " must be one line: '" + s.replace("\n", "\\n") + "'");
        }
        return s;
    }

    /**
     * FreeSWITCH's {@code switch_url_encode}: the unsafe set and control bytes become {@code %XX} (upper-case hex);
     * everything else, including {@code *} and UTF-8 bytes above 0x7F, stays literal.
     */
    static String urlEncode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c < 0x20 || c == 0x7F || URL_UNSAFE.indexOf(c) >= 0) {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                sb.append((char) c);
            }
        }
        return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * FreeSWITCH's {@code switch_url_decode}: {@code %XX} becomes the byte; a {@code %} not followed by two hex digits
     * and {@code +} stay as they are (it is not form decoding).
     */
    static String urlDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int hi = i + 2 < in.length && in[i] == '%' ? Character.digit(in[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(in[i + 2], 16) : -1;
            if (lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static EslException protocol(String message) {
        return new EslException(EslException.Kind.PROTOCOL, null, message, (String) null);
    }
}
