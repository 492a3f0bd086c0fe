package dev.cantila.engine.shipped;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Poll;
import dev.cantila.engine.testing.TestApps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One product instance as a user runs it: {@code ./cantila serve --data <dir> --port <port>} as a child process,
 * with an environment built here (the parent's {@code CANTILA_*} variables are not passed on), its standard output
 * and error appended to {@link #logFile()} across restarts. The data directory, the port and the database (H2 in
 * the data directory, or a fresh PostgreSQL schema on the tier's PostgreSQL pass) stay the same across
 * {@link #kill9()}, {@link #sigterm()} and {@link #restart()}.
 *
 * <p>The launcher {@code exec}s java, so the child's pid is the server JVM's: {@link #kill9()} is a real
 * {@code kill -9} of the server ({@link #start} checks that the process is a java process). {@code CANTILA_NO_BUILD}
 * keeps the launcher from building inside this build.
 */
public final class Shipped implements AutoCloseable {
    public static final String OPERATOR_KEY = "shipped-operator-key-0123456789";
    static final Duration START = Duration.ofSeconds(120);
    static final Duration STOP = Duration.ofSeconds(60);

    private final Path root;
    private final Path dir;
    private final Path data;
    private final Path log;
    private final int port;
    private final Map<String, String> env;
    private final boolean flags;
    private Process process;

    private Shipped(Map<String, String> extraEnv, boolean flags) {
        this.root = repositoryRoot();
        try {
            this.dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "shipped-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.data = dir.resolve("data");
        this.log = dir.resolve("server.log");
        this.port = freePort();
        this.flags = flags;
        Map<String, String> e = new LinkedHashMap<>();
        e.put("CANTILA_NO_BUILD", "1");
        e.put("CANTILA_API_KEY", OPERATOR_KEY);
        // the SSRF policy refuses private targets unless allowed: the tests' receivers listen on 127.0.0.1
        e.put("CANTILA_ALLOW_PRIVATE_TARGETS", "127.0.0.1/32,::1");
        e.putAll(database());
        e.putAll(extraEnv);
        e.values().removeIf(v -> v == null);
        this.env = Map.copyOf(e);
    }

    /** A server with the harness's environment plus {@code env} (a null value removes a variable), started. */
    public static Shipped start(Map<String, String> env) {
        Shipped s = new Shipped(env, true);
        s.launch();
        return s;
    }

    /** As {@link #start}, but the port and data directory go as {@code CANTILA_PORT} / {@code CANTILA_DATA_DIR}. */
    public static Shipped startWithoutFlags(Map<String, String> env) {
        Shipped s = new Shipped(env, false);
        s.launch();
        return s;
    }

    /** Runs the launcher with {@code args} and this environment to its end; returns its exit code (log: {@link #log()}). */
    public static Shipped run(Map<String, String> env, String... args) {
        Shipped s = new Shipped(env, true);
        s.process = s.spawn(List.of(args));
        try {
            if (!s.process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                s.process.destroyForcibly();
                throw new AssertionError("./cantila " + String.join(" ", args) + " did not end: " + s.log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return s;
    }

    public int exitCode() {
        return process.exitValue();
    }

    private Process spawn(List<String> args) {
        return spawn(env, args);
    }

    private Process spawn(Map<String, String> environment, List<String> args) {
        List<String> command = new ArrayList<>(List.of(root.resolve("cantila").toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("CANTILA_"));
        pb.environment().putAll(environment);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the server and returns once it is ready: {@code /observe/health} answers (the port is open) and the
     * start-up line is printed, which happens only after the background workers started and the calls left
     * unfinished by an earlier run were reconciled.
     */
    private void launch() {
        int startsBefore = starts();
        List<String> args = flags ? List.of("serve", "--data", data.toString(), "--port", String.valueOf(port))
                : List.of("serve");
        if (!flags) {
            Map<String, String> e = new LinkedHashMap<>(env);
            e.put("CANTILA_PORT", String.valueOf(port));
            e.put("CANTILA_DATA_DIR", data.toString());
            process = spawn(e, args);
        } else {
            process = spawn(args);
        }
        Poll.until("the server on port " + port + " answers /observe/health (log: " + log + ")", START, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                return new Api(base(), null).get("/observe/health").status() != 0 && starts() > startsBefore;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
        String command = process.info().command().orElse("");
        if (!command.endsWith("/java")) {
            throw new AssertionError("pid " + process.pid() + " is '" + command + "', not the server JVM: the launcher"
                    + " must exec java so that a signal reaches the server");
        }
    }

    private int starts() {
        return log().split("cantila: serving on ", -1).length - 1;
    }

    /** {@code kill -9} of the server JVM (and anything it started); returns once it is gone. */
    public void kill9() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM, as a service manager stops it; returns the exit code once the server has shut down. */
    public int sigterm() {
        process.destroy();
        return awaitExit();
    }

    /** Starts the server again on the same data, database, port and environment. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("restart of a live server (pid " + process.pid() + ")");
        }
        launch();
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the server (pid " + process.pid() + ") did not exit within " + STOP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client with the operator key. */
    public Api operator() {
        return new Api(base(), OPERATOR_KEY);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return data;
    }

    public Path logFile() {
        return log;
    }

    /** Everything the server wrote so far, all runs. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, String> env() {
        return env;
    }

    public boolean onPostgres() {
        return env.getOrDefault("CANTILA_DB_URL", "").startsWith("jdbc:postgresql:");
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill9();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(log)).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory under target/: the next clean removes it
        }
    }

    /** H2 in the data directory (the default: nothing to set), or a fresh schema on the tier's PostgreSQL. */
    private static Map<String, String> database() {
        if (!TestApps.onPostgres()) {
            return Map.of();
        }
        TestApps.PostgresSchema db = TestApps.PostgresSchema.fresh();
        return Map.of("CANTILA_DB_URL", db.url(), "CANTILA_DB_USER", db.user(), "CANTILA_DB_PASSWORD", db.password());
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("cantila")) && Files.exists(p.resolve("engine/target/cantila-engine.jar"))) {
                return p;
            }
        }
        throw new IllegalStateException("no ./cantila with a packaged engine/target/cantila-engine.jar above "
                + Path.of("").toAbsolutePath() + " (the shipped tier runs after package)");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
