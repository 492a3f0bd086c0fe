package dev.cantila.webhooks.outbound;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one HTTP client for user-supplied URLs: a small HTTP/1.1 {@code POST} over a socket whose address was
 * checked by the {@link TargetPolicy}. The host is resolved once ({@link TargetPolicy#resolve}); the socket connects
 * to a checked address (each in turn until one answers); {@code Host} and, over TLS, SNI and certificate
 * verification use the URL's name. Redirects are never followed: a 3xx is returned like any other status and
 * every caller treats a non-2xx as a failure. One request per connection ({@code Connection: close}).
 * <p>
 * Timing: connecting (all addresses together) is bounded by the connect timeout, and everything after it (TLS,
 * writing, the whole response) by the request timeout, so a target that trickles bytes cannot hold a caller.
 * Blocking; thread-safe (no shared state). On a virtual thread an interrupt closes the socket.
 */
public final class OutboundHttp {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    /** What the target answered: the status and at most the first {@code keep} bytes of the body. */
    public record Response(int status, byte[] body, boolean truncated) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as a log may keep it ({@link Excerpt}). */
        public String excerpt() {
            return Excerpt.of(body);
        }
    }

    private final TargetPolicy policy;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final SSLSocketFactory tls;

    /** A client that trusts the JVM's default certificate authorities. */
    public OutboundHttp(TargetPolicy policy, Duration connectTimeout, Duration requestTimeout) {
        this(policy, connectTimeout, requestTimeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    private OutboundHttp(TargetPolicy policy, Duration connectTimeout, Duration requestTimeout, SSLSocketFactory tls) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.tls = tls;
    }

    /** The same client trusting what {@code factory}'s context trusts (tests: a self-signed certificate). */
    public OutboundHttp withTls(SSLSocketFactory factory) {
        return new OutboundHttp(policy, connectTimeout, requestTimeout, factory);
    }

    public TargetPolicy policy() {
        return policy;
    }

    /** The same policy with other timeouts. */
    public OutboundHttp withTimeouts(Duration connect, Duration request) {
        return new OutboundHttp(policy, connect, request, tls);
    }

    /**
     * POSTs {@code body} to {@code url} with {@code headers} ({@code Host}, {@code Content-Length} and
     * {@code Connection} are set here) and returns the answer, keeping at most {@code keep} bytes of its body.
     *
     * @throws TargetPolicy.RefusedException the URL or an address of its host is not allowed
     * @throws HttpTimeoutException          connecting or answering took too long
     * @throws IOException                   anything else on the way (unknown host, refused connection, bad HTTP)
     */
    public Response post(String url, Map<String, String> headers, byte[] body, int keep) throws IOException {
        return send("POST", url, headers, body, keep);
    }

    /** A GET of {@code url}, under the same policy, deadlines and limits as {@link #post}. */
    public Response get(String url, Map<String, String> headers, int keep) throws IOException {
        return send("GET", url, headers, null, keep);
    }

    private Response send(String method, String url, Map<String, String> headers, byte[] body, int keep)
            throws IOException {
        var refused = policy.refusal(url);
        if (refused.isPresent()) {
            throw new TargetPolicy.RefusedException(url + " " + refused.get());
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IOException(url + " is not a URL: " + e.getReason(), e);
        }
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() < 0 ? (https ? 443 : 80) : uri.getPort();
        List<InetAddress> addresses = policy.resolve(uri.getHost());
        Socket socket = connect(addresses, port, uri.getHost());
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        try (Socket s = https ? tls(socket, uri.getHost(), port, deadline) : socket) {
            OutputStream out = s.getOutputStream();
            out.write(head(method, uri, headers, body == null ? -1 : body.length));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(new Deadline(s, deadline), keep);
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException(uri.getHost() + " did not answer within " + requestTimeout);
        } finally {
            socket.close();
        }
    }

    private Socket connect(List<InetAddress> addresses, int port, String host) throws IOException {
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        IOException last = null;
        for (InetAddress a : addresses) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(a, port), (int) Math.min(Integer.MAX_VALUE, left));
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        if (last == null || last instanceof SocketTimeoutException) {
            throw new HttpConnectTimeoutException("could not connect to " + host + ":" + port + " within "
                    + connectTimeout);
        }
        throw new IOException("could not connect to " + host + ":" + port + " (" + addresses.getLast().getHostAddress()
                + "): " + last.getMessage(), last);
    }

    /** TLS over the connected socket: SNI and certificate verification against the URL's name, not the address. */
    private Socket tls(Socket socket, String host, int port, long deadline) throws IOException {
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        SSLSocket s = (SSLSocket) tls.createSocket(socket, name, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (name.indexOf(':') < 0 && !name.matches("[0-9.]+")) {
            p.setServerNames(List.of(new SNIHostName(name)));
        }
        s.setSSLParameters(p);
        s.setSoTimeout(remaining(deadline));
        s.startHandshake();
        return s;
    }

    /** @param length the body's length, or -1 for a request without one (no Content-Length) */
    private static byte[] head(String method, URI uri, Map<String, String> headers, int length) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder h = new StringBuilder(method).append(' ').append(path)
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getRawAuthority()).append("\r\n")
                .append(length < 0 ? "" : "Content-Length: " + length + "\r\n")
                .append("Connection: close\r\n");
        headers.forEach((k, v) -> {
            if ((k + v).indexOf('\r') >= 0 || (k + v).indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + k + " contains a line break");
            }
            h.append(k).append(": ").append(v).append("\r\n");
        });
        return h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Response read(InputStream in, int keep) throws IOException {
        int status;
        Map<String, String> headers;
        do {
            String line = line(in);
            String[] parts = line.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
                throw new IOException("not an HTTP/1.x answer: " + Excerpt.of(line));
            }
            status = Integer.parseInt(parts[1]);
            headers = headers(in);
        } while (status / 100 == 1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean more;
        if (status == 204 || status == 304) {
            more = false;
        } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            more = chunked(in, body, keep);
        } else if (headers.containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("content-length").strip());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + Excerpt.of(headers.get("content-length")));
            }
            more = copy(in, body, Math.min(length, keep)) && length > keep;
        } else {
            more = copy(in, body, keep) && in.read() >= 0;
        }
        return new Response(status, body.toByteArray(), more);
    }

    /** Copies up to {@code n} bytes; false if the stream ended first (only an error with a Content-Length). */
    private static boolean copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
        byte[] buffer = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (r < 0) {
                return false;
            }
            out.write(buffer, 0, r);
            left -= r;
        }
        return true;
    }

    /** Decodes a chunked body into {@code out} up to {@code keep} bytes; true when more was left unread. */
    private static boolean chunked(InputStream in, ByteArrayOutputStream out, int keep) throws IOException {
        while (true) {
            String size = line(in);
            int semi = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + Excerpt.of(size));
            }
            if (n == 0) {
                return false;
            }
            long room = keep - out.size();
            if (n > room) {
                copy(in, out, room);
                return true;
            }
            if (!copy(in, out, n)) {
                throw new IOException("the answer ended inside a chunk");
            }
            line(in);
        }
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new java.util.HashMap<>();
        int total = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("the answer's headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    /** One line without its CR LF, ISO-8859-1; at most 8 KiB. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed before the answer was complete");
            }
            if (b.length() > 8192) {
                throw new IOException("a line of the answer exceeds 8 KiB");
            }
            b.append((char) c);
        }
        int end = b.length() > 0 && b.charAt(b.length() - 1) == '\r' ? b.length() - 1 : b.length();
        return b.substring(0, end);
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** The socket's input, buffered, each read bounded by what is left of the request's deadline. */
    private static final class Deadline extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;
        private final byte[] buffer = new byte[8192];
        private int pos;
        private int end;

        Deadline(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            if (pos == end && !fill()) {
                return -1;
            }
            return buffer[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == end && !fill()) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws IOException {
            socket.setSoTimeout(remaining(deadline));
            int n = in.read(buffer);
            if (n < 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
        }
    }
}
