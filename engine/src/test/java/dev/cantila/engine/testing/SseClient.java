package dev.cantila.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test's server-sent events client over {@code java.net.http}: a reader thread parses the stream into frames
 * (events and comments) on a queue the test takes from with a deadline; the end of the stream is a frame too.
 */
public final class SseClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long WAIT_SECONDS = 10;

    /** One frame: an event ({@code id}, {@code event}, {@code data}), a comment, or the end ({@code end}). */
    public record Frame(String id, String event, String data, String comment, boolean end) {
        public JsonNode json() {
            try {
                return Api.JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.lines = response.body();
        this.reader = Thread.ofVirtual().start(this::read);
    }

    public static SseClient open(URI uri, String key, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<Stream<String>> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(r.statusCode()).as("status of " + uri).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            return new SseClient(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String id = null;
        String event = null;
        List<String> data = new ArrayList<>();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith(":")) {
                    frames.add(new Frame(null, null, null, line.substring(1).strip(), false));
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                } else if (line.isEmpty() && !data.isEmpty()) {
                    frames.add(new Frame(id, event, String.join("\n", data), null, false));
                    id = null;
                    event = null;
                    data.clear();
                }
            }
        } catch (UncheckedIOException closed) {
            // close() cancelled the stream
        }
        frames.add(new Frame(null, null, null, null, true));
    }

    private Frame take(String what) {
        try {
            Frame f = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(f).as("waiting " + WAIT_SECONDS + " s for " + what).isNotNull();
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next event, skipping comments. */
    public Frame next() {
        while (true) {
            Frame f = take("an event");
            assertThat(f.end()).as("the stream ended before an event").isFalse();
            if (f.comment() == null) {
                return f;
            }
        }
    }

    /** Skips frames until a comment containing {@code text}. */
    public void awaitComment(String text) {
        while (true) {
            Frame f = take("a comment with '" + text + "'");
            assertThat(f.end()).as("the stream ended before the comment '" + text + "'").isFalse();
            if (f.comment() != null && f.comment().contains(text)) {
                return;
            }
        }
    }

    /** Skips frames until the server ends the stream. */
    public void awaitEnd() {
        while (!take("the end of the stream").end()) {
            // a heartbeat or an event before the end
        }
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
