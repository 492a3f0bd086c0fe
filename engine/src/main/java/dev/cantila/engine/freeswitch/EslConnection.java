package dev.cantila.engine.freeswitch;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One event-socket TCP connection to one FreeSWITCH node, below authentication: framing, ordered reply matching,
 * event delivery. {@link EslClient} drives the protocol on top of it.
 *
 * <p>Threading: one reader thread per connection reads every frame and calls the {@link Handler} on it, so events
 * arrive in the order FreeSWITCH wrote them. One writer thread drains an outbox, so {@link #send} never blocks on
 * the socket (it is safe from the reader thread itself, e.g. in a future's callback). FreeSWITCH answers commands
 * strictly in order ({@code command/reply} or {@code api/response}), so a reply is matched to the oldest command
 * still waiting; {@link #send} enqueues the command's pending reply and its bytes under one lock so the two orders
 * cannot differ.
 */
final class EslConnection {
    private static final Logger LOG = Logger.getLogger(EslConnection.class.getName());
    private static final byte[] STOP = new byte[0];

    /** Called on the reader thread; must return quickly and never block (it holds up every later frame). */
    interface Handler {
        void onEvent(EslEvent event);

        /** Once, when the connection ended for any reason; after every waiting reply has failed. */
        void onClosed(Throwable cause);
    }

    private record Pending(String label, CompletableFuture<EslFrame> reply) {
    }

    private final String node;
    private final Socket socket;
    private final Handler handler;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final LinkedBlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<EslFrame> greeting = new CompletableFuture<>();
    private final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    private boolean open = true; // guarded by lock

    private EslConnection(String node, Socket socket, Handler handler) {
        this.node = node;
        this.socket = socket;
        this.handler = handler;
    }

    /** Connects and starts the reader and writer threads. The first frame lands in {@link #greeting()}. */
    static EslConnection open(String node, String host, int port, Duration timeout, Handler handler)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        EslConnection c = new EslConnection(node, socket, handler);
        InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        Thread.ofVirtual().name("esl-reader-" + node).start(() -> c.readLoop(in));
        Thread.ofVirtual().name("esl-writer-" + node).start(() -> c.writeLoop(out));
        return c;
    }

    /** The first frame: {@code auth/request}, or {@code text/rude-rejection} when the node's ACL refused us. */
    CompletableFuture<EslFrame> greeting() {
        return greeting;
    }

    /** Completes with why the connection ended (an exception, or an {@link EslException} for an orderly close). */
    CompletableFuture<Throwable> closed() {
        return closed;
    }

    /**
     * Writes one command; the future completes with its reply frame, or fails with {@link EslException} (kind
     * REFUSED for a {@code command/reply} saying {@code -ERR ...}, CONNECTION_LOST when the connection ends first).
     * An {@code api/response} is returned as is, whatever its body says.
     */
    CompletableFuture<EslFrame> send(String line, Map<String, String> headers, String body) {
        byte[] bytes;
        try {
            bytes = EslCodec.command(line, headers, body);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String label = line.startsWith("auth ") ? "auth ****" : line;
        CompletableFuture<EslFrame> reply = new CompletableFuture<>();
        lock.lock();
        try {
            if (!open) {
                reply.completeExceptionally(lost(label, null));
                return reply;
            }
            pending.add(new Pending(label, reply));
            outbox.add(bytes);
        } finally {
            lock.unlock();
        }
        return reply;
    }

    void close() {
        close(new EslException(EslException.Kind.CONNECTION_LOST, node, "connection to node " + node + " closed by us",
                (String) null));
    }

    private void readLoop(InputStream in) {
        Throwable why;
        try {
            EslFrame frame;
            while ((frame = EslCodec.readFrame(in)) != null) {
                dispatch(frame);
            }
            why = new EslException(EslException.Kind.CONNECTION_LOST, node, "node " + node + " closed the connection",
                    (String) null);
        } catch (IOException | RuntimeException e) {
            why = e;
        }
        close(why);
    }

    private void writeLoop(OutputStream out) {
        try {
            while (true) {
                byte[] bytes = outbox.take();
                if (bytes == STOP) {
                    return;
                }
                out.write(bytes);
                if (outbox.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            close(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(EslFrame frame) {
        String type = frame.contentType();
        switch (type == null ? "" : type) {
            case "auth/request", "text/rude-rejection" -> greeting.complete(frame);
            case "command/reply" -> reply(frame, frame.replyText());
            case "api/response" -> reply(frame, null);
            case "text/event-plain" -> deliver(EslCodec.parseEvent(frame.body()));
            case "text/disconnect-notice" -> LOG.fine(() -> "node " + node + " sent a disconnect notice ("
                    + frame.header("Content-Disposition") + "): " + frame.bodyText().strip());
            default -> LOG.fine(() -> "node " + node + ": ignoring a frame of type " + type);
        }
    }

    private void reply(EslFrame frame, String replyText) {
        Pending p;
        lock.lock();
        try {
            p = pending.poll();
        } finally {
            lock.unlock();
        }
        if (p == null) {
            throw EslCodec.protocol("node " + node + " sent a reply nobody waits for: " + frame.headers());
        }
        if (replyText != null && replyText.startsWith("-ERR")) {
            p.reply().completeExceptionally(new EslException(EslException.Kind.REFUSED, node,
                    "node " + node + " refused '" + p.label() + "': " + replyText, replyText));
        } else {
            p.reply().complete(frame);
        }
    }

    private void deliver(EslEvent event) {
        try {
            handler.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node " + node + ": the event handler failed on " + event.name() + " for "
                    + event.uuid() + "; the connection carries on", e);
        }
    }

    private void close(Throwable why) {
        ArrayDeque<Pending> failed;
        lock.lock();
        try {
            if (!open) {
                return;
            }
            open = false;
            failed = new ArrayDeque<>(pending);
            pending.clear();
            outbox.clear();
            outbox.add(STOP);
        } finally {
            lock.unlock();
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the socket to node " + node, e);
        }
        for (Pending p : failed) {
            p.reply().completeExceptionally(lost(p.label(), why));
        }
        greeting.completeExceptionally(lost("the greeting", why));
        closed.complete(why);
        handler.onClosed(why);
    }

    private EslException lost(String label, Throwable why) {
        return new EslException(EslException.Kind.CONNECTION_LOST, node, "connection to node " + node
                + " ended before the reply to '" + label + "'" + (why == null ? "" : ": " + why.getMessage()), why);
    }
}
