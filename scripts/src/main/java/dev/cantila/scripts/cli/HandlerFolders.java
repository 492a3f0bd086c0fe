package dev.cantila.scripts.cli;

import dev.cantila.scripts.scenario.ScenarioFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How {@code cantila test FOLDER} finds what to run: every directory under the folder (the folder included) that has
 * a {@code scenarios/} directory holding {@code *.scenario.yaml} files is one handler's home, and its handler is
 * {@code handler.js} there, or else the only {@code *.js} file there (as in {@code samples/}: one folder per handler).
 * A home that has a {@code functions/} directory is a Twilio Functions project instead ({@code handler} is the home).
 * {@code node_modules} and hidden directories are skipped. A home with no handler, or with several {@code *.js} and
 * no {@code handler.js}, is an error naming the directory rather than a guess.
 */
final class HandlerFolders {
    static final String SCENARIOS = "scenarios";

    /** One handler (a file, or a Functions project's folder) and the scenarios directory beside it. */
    record Found(Path handler, Path scenarios) {
        boolean functions() {
            return Files.isDirectory(handler);
        }
    }

    private HandlerFolders() {
    }

    /** The handlers under {@code root}, sorted by path; empty when there are none. */
    static List<Found> find(Path root) throws IOException {
        List<Found> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).filter(d -> !skipped(root, d)).sorted().toList()) {
                Path scenarios = dir.resolve(SCENARIOS);
                if (Files.isDirectory(scenarios) && !ScenarioFile.find(scenarios).isEmpty()) {
                    found.add(new Found(TestCommand.isFunctionsProject(dir) ? dir : handlerIn(dir), scenarios));
                }
            }
        }
        return found;
    }

    private static Path handlerIn(Path dir) throws IOException {
        Path conventional = dir.resolve("handler.js");
        if (Files.isRegularFile(conventional)) {
            return conventional;
        }
        List<Path> js;
        try (Stream<Path> files = Files.list(dir)) {
            js = files.filter(f -> f.getFileName().toString().endsWith(".js") && Files.isRegularFile(f)).sorted()
                    .toList();
        }
        if (js.size() != 1) {
            throw new IllegalArgumentException(dir + " has " + SCENARIOS + "/ but " + (js.isEmpty() ? "no *.js handler"
                    : js.size() + " *.js files and no handler.js: name one (cantila test FILE " + SCENARIOS + "/)"));
        }
        return js.get(0);
    }

    /** node_modules and hidden directories (relative to the root, so a root like ./samples is not itself hidden). */
    private static boolean skipped(Path root, Path dir) {
        for (Path part : root.relativize(dir)) {
            String n = part.toString();
            if (n.equals("node_modules") || (n.startsWith(".") && !n.equals(".") && !n.equals(".."))) {
                return true;
            }
        }
        return false;
    }
}
