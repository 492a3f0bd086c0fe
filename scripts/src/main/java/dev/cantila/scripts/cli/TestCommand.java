package dev.cantila.scripts.cli;

import dev.cantila.runtime.CompiledScript;
import dev.cantila.runtime.FunctionsProject;
import dev.cantila.runtime.ScriptCompileException;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.scripts.functions.FunctionsSubject;
import dev.cantila.scripts.scenario.Scenario;
import dev.cantila.scripts.scenario.ScenarioException;
import dev.cantila.scripts.scenario.ScenarioFile;
import dev.cantila.scripts.scenario.ScenarioRunner;
import dev.cantila.scripts.scenario.Step;
import dev.cantila.scripts.world.Effect;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cantila test handler.js [scenarios…] [--sms text --from … --to …] [--call --from … --digits 1#]}: runs a
 * handler offline, on the production runtime, against the simulated world. With scenario files or directories it
 * runs every {@code *.scenario.yaml} and ends with {@code N passed, N failed}; otherwise it runs the one event
 * given by the options and prints what happened step by step. {@code cantila test FOLDER} runs every handler found
 * under the folder with the scenarios beside it ({@link HandlerFolders}) and ends with one summary line.
 *
 * <p>{@code cantila test PROJECT} where PROJECT is a Twilio Functions project (a folder with {@code functions/}, or
 * any folder with {@code --twilio}) runs its {@code scenarios/} (or the scenario files given, or one {@code --sms} /
 * {@code --call} event) against its functions and their TwiML, with the engine's own TwiML executors ({@link
 * FunctionsSubject}). Exit code 0 when everything passed.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run a handler offline against the simulated world: one event, or scenario files.")
public final class TestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HANDLER", description = "the handler file (an ES module exporting onSms/onCall),"
            + " a Twilio Functions project folder (functions/, assets/, .env; its scenarios/ run unless scenario files"
            + " are given), or a folder: every handler or Functions project under it that has a scenarios/ folder,"
            + " with those scenarios")
    Path handler;

    @Parameters(index = "1..*", paramLabel = "SCENARIOS", description = "*.scenario.yaml files or directories of them")
    List<Path> scenarios = new ArrayList<>();

    @Option(names = "--sms", paramLabel = "TEXT", description = "run one inbound SMS with this body")
    String sms;

    @Option(names = "--call", description = "run one inbound call")
    boolean call;

    @Option(names = "--from", paramLabel = "E164", description = "the remote party (default +12025550123)")
    String from;

    @Option(names = "--to", paramLabel = "E164", description = "your number (default +12025550100)")
    String to;

    @Option(names = "--digits", paramLabel = "DTMF", description = "for --call: digits the caller presses, in order,"
            + " each when the script waits for input")
    String digits;

    @Option(names = "--forward", paramLabel = "OUTCOME", description = "for --call: how forwards end: answered (default),"
            + " busy, no-answer or failed")
    String forward = "answered";

    @Option(names = "--twilio", description = "HANDLER is a Twilio Functions project folder (implied when it has"
            + " functions/)")
    boolean twilio;

    @Option(names = "--sms-function", paramLabel = "PATH", description = "for a Functions project: the function inbound"
            + " SMS run when a scenario names none in 'functions: {sms: …}' (default /sms)")
    String smsFunction;

    @Option(names = "--voice-function", paramLabel = "PATH", description = "for a Functions project: the function"
            + " inbound calls run when a scenario names none in 'functions: {voice: …}' (default /voice)")
    String voiceFunction;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "a project variable for ctx.env (repeatable)")
    Map<String, String> env = Map.of();

    private static volatile java.util.concurrent.CompletableFuture<ScriptRuntime> early;
    private final PrintStream out;

    /** Starts creating the runtime on another thread (the biggest part of start-up); {@link #call} takes it. */
    static void startRuntimeEarly() {
        early = java.util.concurrent.CompletableFuture.supplyAsync(ScenarioRunner::createRuntime);
    }

    private static ScriptRuntime runtime() {
        var f = early;
        early = null;
        return f != null ? f.join() : ScenarioRunner.createRuntime();
    }

    public TestCommand() {
        this(System.out);
    }

    public TestCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        long t0 = System.nanoTime();
        if (twilio && !isFunctionsProject(handler)) {
            out.println("cantila test: --twilio takes a Functions project folder (with functions/), not " + handler);
            return 2;
        }
        if (isFunctionsProject(handler)) {
            return project(t0);
        }
        if (Files.isDirectory(handler)) {
            return folder(t0);
        }
        String source;
        try {
            source = Files.readString(handler);
        } catch (IOException e) {
            out.println("cantila test: cannot read " + handler + ": " + e.getMessage());
            return 2;
        }
        List<Scenario> toRun;
        try {
            toRun = scenarios.isEmpty() ? List.of(oneEvent()) : load();
        } catch (ScenarioException | IllegalArgumentException e) {
            out.println("cantila test: " + e.getMessage());
            return 2;
        }
        try (ScriptRuntime runtime = runtime()) {
            CompiledScript script;
            try {
                script = runtime.compile("local", handler.getFileName().toString(), source);
            } catch (ScriptCompileException e) {
                out.println(where(handler, e) + ": " + e.message());
                return 1;
            }
            out.printf("ready in %d ms (%s)%n", ms(t0), runtime.implementationName());
            ScenarioRunner runner = new ScenarioRunner(runtime, script, ScenarioRunner.OFFLINE_LIMITS);
            return scenarios.isEmpty() ? single(runner, toRun.get(0)) : suite(runner, toRun, t0);
        }
    }

    private int single(ScenarioRunner runner, Scenario scenario) {
        out.println("▶ " + scenario.steps().get(0).describe());
        ScenarioRunner.Result r = runner.run(scenario, this::print);
        if (r.effects().isEmpty()) {
            out.println("  (the handler did nothing)");
        }
        boolean failed = r.effects().stream().anyMatch(e -> e.kind().equals("error")
                && !e.fields().containsKey("callEnded"));
        out.printf("%s in %d ms%n", failed ? "✗ failed" : "✓ done", r.millis());
        return failed ? 1 : 0;
    }

    private int suite(ScenarioRunner runner, List<Scenario> all, long t0) {
        int[] counts = new int[2];
        run(runner, all, counts);
        return summary(counts, t0);
    }

    /** {@code cantila test FOLDER}: each handler found with its scenarios, one summary line for all of them. */
    private int folder(long t0) throws IOException {
        List<HandlerFolders.Found> found;
        try {
            if (!scenarios.isEmpty() || sms != null || call) {
                throw new IllegalArgumentException("a folder runs the scenarios found beside each handler: give"
                        + " scenario files or --sms/--call only with a handler file");
            }
            found = HandlerFolders.find(handler);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no handler with a " + HandlerFolders.SCENARIOS
                        + "/ folder of *" + ScenarioFile.SUFFIX + " files under " + handler);
            }
        } catch (IllegalArgumentException e) {
            out.println("cantila test: " + e.getMessage());
            return 2;
        }
        int[] counts = new int[2];
        try (ScriptRuntime runtime = runtime()) {
            for (HandlerFolders.Found f : found) {
                out.println(f.handler());
                List<Scenario> all;
                ScenarioRunner runner;
                try {
                    all = load(ScenarioFile.find(f.scenarios()));
                    runner = f.functions() ? new ScenarioRunner(functions(runtime, f.handler()))
                            : new ScenarioRunner(runtime, runtime.compile("local", f.handler().getFileName().toString(),
                            Files.readString(f.handler())), ScenarioRunner.OFFLINE_LIMITS);
                } catch (ScenarioException e) {
                    counts[1]++;
                    out.println("✗ " + e.getMessage());
                    continue;
                } catch (ScriptCompileException e) {
                    counts[1]++;
                    out.println("✗ " + where(f.handler(), e) + ": " + e.message());
                    continue;
                }
                run(runner, all, counts);
            }
        }
        return summary(counts, t0);
    }

    /** A folder with {@code functions/}: what Twilio's Serverless Toolkit and {@code cantila deploy --twilio} take. */
    static boolean isFunctionsProject(Path folder) {
        return Files.isDirectory(folder.resolve("functions"));
    }

    /**
     * {@code cantila test PROJECT}: a Functions project with the scenario files given, its own {@code scenarios/},
     * or one {@code --sms}/{@code --call} event.
     */
    private int project(long t0) throws IOException {
        boolean oneEvent = scenarios.isEmpty() && (sms != null || call);
        List<Scenario> toRun;
        try {
            if (oneEvent) {
                toRun = List.of(oneEvent());
            } else {
                if (scenarios.isEmpty()) {
                    Path own = handler.resolve(HandlerFolders.SCENARIOS);
                    if (!Files.isDirectory(own)) {
                        throw new IllegalArgumentException(handler + " has no " + HandlerFolders.SCENARIOS + "/ folder:"
                                + " give scenario files, or --sms TEXT / --call for one event");
                    }
                    scenarios = List.of(own);
                }
                toRun = load();
            }
        } catch (ScenarioException | IllegalArgumentException e) {
            out.println("cantila test: " + e.getMessage());
            return 2;
        }
        try (ScriptRuntime runtime = runtime()) {
            ScenarioRunner runner;
            try {
                runner = new ScenarioRunner(functions(runtime, handler));
            } catch (ScriptCompileException e) {
                out.println(where(handler, e) + ": " + e.message());
                return 1;
            }
            out.printf("ready in %d ms (%s)%n", ms(t0), runtime.implementationName());
            return oneEvent ? single(runner, toRun.get(0)) : suite(runner, toRun, t0);
        }
    }

    /** A Functions project folder, read as {@code cantila deploy --twilio} uploads it and checked as the API checks it. */
    private FunctionsSubject functions(ScriptRuntime runtime, Path folder) throws IOException {
        FunctionsFolder.Contents contents = FunctionsFolder.read(folder);
        contents.skipped().forEach(s -> out.println("skipped " + s));
        Path real = folder.toAbsolutePath().normalize();
        String name = real.getFileName() == null ? "project" : real.getFileName().toString();
        Map<String, String> defaults = new java.util.HashMap<>();
        if (smsFunction != null) {
            defaults.put("sms", smsFunction);
        }
        if (voiceFunction != null) {
            defaults.put("voice", voiceFunction);
        }
        FunctionsProject project = runtime.compileFunctions(name, contents.files());
        return new FunctionsSubject(runtime, project, name, defaults, ScenarioRunner.OFFLINE_LIMITS);
    }

    /** Where a compile error is: the handler file, or the function's file inside a project folder. */
    private static String where(Path handler, ScriptCompileException e) {
        Path file = Files.isDirectory(handler) && e.line() > 0 ? handler.resolve(e.fileName()) : handler;
        return e.line() > 0 ? file + ":" + e.line() + ":" + e.column() : file.toString();
    }

    /** Runs each scenario, printing a line for it (and the diff of a failure); counts[0] passed, counts[1] failed. */
    private void run(ScenarioRunner runner, List<Scenario> all, int[] counts) {
        for (Scenario s : all) {
            ScenarioRunner.Result r = runner.run(s, null);
            if (r.passed()) {
                counts[0]++;
                out.printf("✓ %s  (%d ms)%n", s.name(), r.millis());
            } else {
                counts[1]++;
                Step step = r.failure().step();
                out.printf("✗ %s  (%s:%d: %s)%n", s.name(), s.file(), step.line(), step.describe());
                r.failure().message().lines().forEach(l -> out.println("    " + l));
            }
        }
    }

    private int summary(int[] counts, long t0) {
        out.printf("%d passed, %d failed  (%d ms)%n", counts[0], counts[1], ms(t0));
        return counts[1] == 0 ? 0 : 1;
    }

    private void print(Effect e) {
        out.printf("  +%5d ms  %s%n", e.atMillis(), e.render());
    }

    private List<Scenario> load() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : scenarios) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("no such file or directory: " + p);
            }
            files.addAll(ScenarioFile.find(p));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *" + ScenarioFile.SUFFIX + " files in " + scenarios);
        }
        return load(files);
    }

    private static List<Scenario> load(List<Path> files) throws IOException {
        List<Scenario> all = new ArrayList<>();
        for (Path f : files) {
            all.add(ScenarioFile.read(f));
        }
        return all;
    }

    /** The one-event mode as a scenario of one stimulus (and, for a call, its digits), built as YAML text. */
    private Scenario oneEvent() {
        if ((sms == null) == !call) {
            throw new IllegalArgumentException("give scenario files, or exactly one of --sms TEXT and --call");
        }
        StringBuilder y = new StringBuilder();
        if (from != null) {
            y.append("from: ").append(quote(from)).append('\n');
        }
        if (to != null) {
            y.append("to: ").append(quote(to)).append('\n');
        }
        y.append("time: ").append(quote(Instant.now().atOffset(java.time.ZoneOffset.UTC).toString())).append('\n');
        if (!env.isEmpty()) {
            y.append("env:\n");
            env.forEach((k, v) -> y.append("  ").append(quote(k)).append(": ").append(quote(v)).append('\n'));
        }
        y.append("steps:\n");
        if (sms != null) {
            y.append("  - sms: ").append(quote(sms)).append('\n');
        } else {
            y.append("  - call: {}\n");
            if (digits != null) {
                y.append("  - press: ").append(quote(digits)).append('\n');
            }
            y.append("  - run-to-end: ").append(forward).append('\n');
        }
        return ScenarioFile.parse("command line", y.toString());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
