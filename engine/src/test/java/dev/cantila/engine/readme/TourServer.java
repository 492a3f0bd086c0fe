package dev.cantila.engine.readme;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's {@code ./cantila serve …} line, run as the reader runs it in another terminal: the command itself
 * through bash, in the reader's folder, with the shipped launcher, jar and configuration. The only difference is
 * the port, given through {@code CANTILA_PORT} (the documented variable), because 8080 may be taken on a build
 * machine; the README tells a reader in that case to choose another port the same way. Ready once it has printed
 * the operator key and {@code /observe/health} answers.
 */
final class TourServer implements AutoCloseable {
    private static final Pattern OPERATOR_KEY = Pattern.compile("\\bcop_[a-z0-9]{20,}");

    private final Process process;
    private final Path log;
    final int port;
    private String operatorKey;

    TourServer(String command, Path cwd, Map<String, String> env, Path log) throws IOException {
        this.port = freePort();
        this.log = log;
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(cwd.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("CANTILA_PORT", Integer.toString(port));
        process = pb.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits for the printed key and a healthy server (the launcher may first build the jar: up to {@code limit}). */
    void awaitReady(Duration limit) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("./cantila serve exited with " + process.exitValue() + ":\n" + output());
            }
            Matcher m = OPERATOR_KEY.matcher(output());
            if (operatorKey == null && m.find()) {
                operatorKey = m.group();
            }
            if (operatorKey != null && healthy(http)) {
                return;
            }
            Thread.sleep(250); // polling another process: nothing to wait on but its port
        }
        throw new AssertionError("./cantila serve not ready in " + limit.toSeconds() + " s (key printed: "
                + (operatorKey != null) + "):\n" + output());
    }

    private boolean healthy(HttpClient http) throws InterruptedException {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/observe/health"))
                    .timeout(Duration.ofSeconds(2)).build();
            return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The operator key the server printed on its first start. */
    String operatorKey() {
        return operatorKey;
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the launcher's java (the launcher execs it) and anything it started; forcibly after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
