package dev.cantila.engine.freeswitch;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One inbound event-socket connection to the fake, run like {@code mod_event_socket}'s listener thread: a single
 * thread handles the client's commands in order and writes the events queued for this connection between them. So
 * an {@code api} command blocks the connection (its reply and every event wait until the API returns), while
 * {@code bgapi} replies at once and fires {@code BACKGROUND_JOB} from another thread later.
 */
final class FakeSession {
    static final String GOODBYE = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
    private static final Object CLOSE = new Object();

    private final FakeFreeSwitch fs;
    private final Socket socket;
    private final LinkedBlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private final Set<String> events = new HashSet<>(); // processing thread only
    private final List<String[]> filters = new ArrayList<>(); // processing thread only
    private OutputStream out;
    private volatile boolean authed;
    private volatile boolean subscribed;
    private volatile boolean closed;

    FakeSession(FakeFreeSwitch fs, Socket socket) {
        this.fs = fs;
        this.socket = socket;
    }

    void start() throws IOException {
        out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        Thread.ofVirtual().name("fake-esl-reader").start(() -> read(in));
        Thread.ofVirtual().name("fake-esl-listener").start(this::process);
    }

    boolean subscribed() {
        return subscribed && !closed;
    }

    /** Queues an event for this connection; whether it is subscribed is decided when its turn comes. */
    void offer(FakeEvent event) {
        if (authed && !closed) {
            items.add(event);
        }
    }

    /** Drops the connection without a goodbye, like a network failure or a FreeSWITCH restart. */
    void drop() {
        closed = true;
        items.add(CLOSE);
        closeSocket();
    }

    private void read(InputStream in) {
        try {
            EslFrame f;
            while ((f = EslCodec.readCommand(in)) != null) {
                items.add(f);
            }
        } catch (IOException | RuntimeException e) {
            // the connection is gone: same as end of stream
        }
        items.add(CLOSE);
    }

    private void process() {
        try {
            write("Content-Type: auth/request\n\n");
            out.flush();
            while (true) {
                Object item = items.take();
                if (item == CLOSE) {
                    break;
                }
                if (item instanceof FakeEvent e) {
                    if (wants(e)) {
                        out.write(e.frame());
                    }
                } else if (!handle((EslFrame) item)) {
                    break;
                }
                if (items.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // peer gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!closed) {
                try {
                    out.flush(); // e.g. the -ERR invalid and the goodbye before the close
                } catch (IOException e) {
                    // peer gone
                }
            }
            closed = true;
            closeSocket();
            fs.ended(this);
        }
    }

    private boolean wants(FakeEvent e) {
        if (!events.contains("ALL") && !events.contains(e.name)) {
            return false;
        }
        // CUSTOM events reach a connection subscribed to their subclass (the names after CUSTOM)
        if ("CUSTOM".equals(e.name) && !events.contains("ALL")
                && !events.contains(e.headers.get("Event-Subclass"))) {
            return false;
        }
        if (filters.isEmpty()) {
            return true;
        }
        for (String[] f : filters) {
            if (f[1].equals(e.headers.get(f[0]))) {
                return true;
            }
        }
        return false;
    }

    /** One command; false when the connection must close. */
    private boolean handle(EslFrame f) throws IOException {
        String line = f.command();
        fs.logCommand(line);
        String verb = line.split(" ", 2)[0];
        String rest = line.length() > verb.length() ? line.substring(verb.length() + 1).trim() : "";
        if (!authed) {
            if (!verb.equals("auth")) {
                reply("-ERR command not found");
                return true;
            }
            if (!rest.equals(fs.password())) {
                reply("-ERR invalid");
                write("Content-Type: text/disconnect-notice\nContent-Length: 67\n\n" + GOODBYE);
                return false;
            }
            authed = true;
            reply("+OK accepted");
            return true;
        }
        switch (verb) {
            case "event" -> subscribe(rest);
            case "nixevent" -> {
                events.removeAll(List.of(rest.split(" +")));
                reply("+OK events nixed");
            }
            case "noevents" -> {
                events.clear();
                subscribed = false;
                reply("+OK no longer listening for events");
            }
            case "filter" -> filter(rest);
            case "api" -> apiResponse(fs.api(rest));
            case "bgapi" -> bgapi(rest, f.header("Job-UUID"));
            case "sendmsg" -> reply(fs.sendmsg(rest, f) ? "+OK" : "-ERR invalid session id [" + rest + "]");
            case "linger" -> reply("-ERR not controlling a session");
            case "nolinger" -> reply("+OK will not linger");
            case "exit" -> {
                reply("+OK bye");
                return false;
            }
            default -> reply("-ERR command not found");
        }
        return true;
    }

    private void subscribe(String rest) throws IOException {
        String[] words = rest.isEmpty() ? new String[0] : rest.split(" +");
        String format = words.length > 0 && List.of("plain", "json", "xml").contains(words[0]) ? words[0] : "plain";
        int first = words.length > 0 && words[0].equals(format) ? 1 : 0;
        if (words.length <= first) {
            reply("-ERR no keywords supplied");
            return;
        }
        for (int i = first; i < words.length; i++) {
            events.add(words[i]);
        }
        reply("+OK event listener enabled " + format);
        subscribed = true;
        fs.changed();
    }

    private void filter(String rest) throws IOException {
        boolean delete = rest.startsWith("delete ");
        String[] hv = (delete ? rest.substring(7) : rest).split(" ", 2);
        String value = hv.length > 1 ? hv[1] : "";
        if (delete) {
            filters.removeIf(f -> f[0].equals(hv[0]) && f[1].equals(value));
            reply("+OK filter deleted. [" + hv[0] + "][" + value + "]");
        } else {
            filters.add(new String[]{hv[0], value});
            reply("+OK filter added. [" + hv[0] + "]=[" + value + "]");
        }
    }

    private void bgapi(String command, String jobUuid) throws IOException {
        String job = jobUuid != null && !jobUuid.isBlank() ? jobUuid : UUID.randomUUID().toString();
        write("Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + job + "\nJob-UUID: " + job + "\n\n");
        Thread.ofVirtual().name("fake-bgapi-" + job).start(() -> fs.backgroundJob(job, command));
    }

    private void reply(String text) throws IOException {
        write("Content-Type: command/reply\nReply-Text: " + text + "\n\n");
    }

    private void apiResponse(String body) throws IOException {
        String b = body == null || body.isEmpty() ? "-ERR no reply\n" : body;
        byte[] bytes = b.getBytes(StandardCharsets.UTF_8);
        write("Content-Type: api/response\nContent-Length: " + bytes.length + "\n\n" + b);
    }

    private void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
