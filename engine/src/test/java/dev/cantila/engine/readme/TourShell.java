package dev.cantila.engine.readme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One bash session, the reader's terminal: commands run in it one after another, so variables, functions and the
 * working directory carry over between README blocks as they do for a reader. Each command is followed by a marker
 * line carrying its exit code; its output is what bash printed before the marker.
 *
 * <p>The only thing added to the reader's shell is a {@code curl} function that runs the real curl and also keeps each
 * answer (HTTP status, URL and body) in a directory, so the test can check statuses of curls inside pipelines and
 * {@code $(…)} and fill placeholders from what was printed. It prints the body exactly as curl would.
 *
 * <p>Threading: one test thread calls {@link #run}; a reader thread per stream moves bash's output into queues.
 * {@link #close} ends the session's background jobs (the README's listener) and every process it started.
 */
final class TourShell implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARK = "__README_TOUR_DONE__";
    private static final String CURL_CAPTURE = """
            curl() {
              local __a; __a="$TOUR_ANSWERS/$(date +%s%N)-$RANDOM"
              command curl "$@" -o "$__a.body" -w '%{http_code} %{url_effective}' > "$__a.tmp"
              local __rc=$?
              mv "$__a.tmp" "$__a.status"
              [ -f "$__a.body" ] && cat "$__a.body"
              return $__rc
            }
            """;

    /** One HTTP answer a curl of the command got. */
    record Answer(int status, String url, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }
    }

    /** What one command did. */
    record Outcome(String command, int exit, String output, List<Answer> answers) {
        @Override
        public String toString() {
            return "$ " + command + "\n" + output + "\n(exit " + exit + ", answers " + answers.stream()
                    .map(a -> a.status() + " " + a.url()).toList() + ")";
        }
    }

    private final Process bash;
    private final OutputStream stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Path answers;
    private final List<Path> seen = new ArrayList<>();

    TourShell(Path cwd, Map<String, String> env, Path answers) throws IOException {
        this.answers = answers;
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc").directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("TOUR_ANSWERS", answers.toString());
        bash = pb.start();
        stdin = bash.getOutputStream();
        pump(new BufferedReader(new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8)), stdout::add);
        pump(new BufferedReader(new InputStreamReader(bash.getErrorStream(), StandardCharsets.UTF_8)),
                l -> stderr.append(l).append('\n'));
        write(CURL_CAPTURE);
    }

    private static void pump(BufferedReader in, java.util.function.Consumer<String> sink) {
        Thread.ofVirtual().start(() -> {
            try {
                for (String l; (l = in.readLine()) != null; ) {
                    sink.accept(l);
                }
            } catch (IOException e) {
                sink.accept("(stream closed: " + e.getMessage() + ")");
            }
        });
    }

    private void write(String text) throws IOException {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Runs one command, waits for it (at most {@code timeout}) and returns what it printed and the answers it got. */
    Outcome run(String command, Duration timeout) throws IOException, InterruptedException {
        int errorsBefore = stderr.length();
        write(command + "\n__rc=$?; printf '\\n" + MARK + " %d\\n' \"$__rc\"\n");
        StringBuilder out = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = stdout.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("README command still running after " + timeout.toSeconds() + " s:\n$ "
                        + command + "\n" + out + "\nstderr: " + stderr.substring(errorsBefore));
            }
            if (line.startsWith(MARK + " ")) {
                int exit = Integer.parseInt(line.substring(MARK.length() + 1).trim());
                String printed = out.toString().replaceFirst("\n?\n$", "");
                String err = stderr.substring(errorsBefore);
                return new Outcome(command, exit, err.isEmpty() ? printed : printed + "\n[stderr] " + err.strip(),
                        newAnswers());
            }
            out.append(line).append('\n');
        }
    }

    /** The answers stored since the previous command, oldest first. */
    private List<Answer> newAnswers() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.list(answers)) {
            files = all.filter(p -> p.toString().endsWith(".status")).filter(p -> !seen.contains(p)).sorted().toList();
        }
        List<Answer> out = new ArrayList<>();
        for (Path f : files) {
            seen.add(f);
            String[] status = Files.readString(f).split(" ", 2);
            Path body = Path.of(f.toString().replaceFirst("\\.status$", ".body"));
            out.add(new Answer(Integer.parseInt(status[0]), status.length > 1 ? status[1] : "",
                    Files.exists(body) ? Files.readString(body) : ""));
        }
        return out;
    }

    /** Stops the session's background jobs and every process it started, then bash. */
    @Override
    public void close() {
        bash.descendants().forEach(ProcessHandle::destroy);
        bash.destroy();
        try {
            if (!bash.waitFor(5, TimeUnit.SECONDS)) {
                bash.descendants().forEach(ProcessHandle::destroyForcibly);
                bash.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
