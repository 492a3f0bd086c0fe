package dev.cantila.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link CallsBenchEngine} in a child JVM (this JVM's class path, {@code -Xmx} as given), driven over its stdin and
 * stdout; its stderr (the engine's log) goes to ours. Not thread-safe: one command at a time.
 */
final class EngineProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    final int port;
    final String jsRuntime;

    EngineProcess(String freeswitchSpec, String xmx) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx" + xmx, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CallsBenchEngine.class.getName(), freeswitchSpec))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String[] ready = next("ready").split(" ", 2);
        port = Integer.parseInt(ready[0]);
        jsRuntime = ready[1];
    }

    /** Sends {@code command}; the engine's answer without its prefix. */
    String ask(String command) throws IOException {
        in.println(command);
        return next(command);
    }

    long number(String command) throws IOException {
        return Long.parseLong(ask(command).split(" ")[0]);
    }

    /** The next {@code bench <word> ...} line, skipping anything else the engine prints on stdout. */
    private String next(String word) throws IOException {
        String prefix = "bench " + word + " ";
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new IOException("the engine process ended (exit " + process.exitValue() + ") before answering " + word);
    }

    @Override
    public void close() throws InterruptedException {
        in.println("quit");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroy();
        }
    }
}
