package dev.cantila.engine.console;

import dev.cantila.engine.core.ApiException;
import dev.cantila.runtime.CompiledScript;
import dev.cantila.runtime.ScriptCompileException;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.scripts.scenario.Scenario;
import dev.cantila.scripts.scenario.ScenarioException;
import dev.cantila.scripts.scenario.ScenarioFile;
import dev.cantila.scripts.scenario.ScenarioRunner;
import dev.cantila.scripts.world.Effect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a handler's scenario on the server exactly as {@code cantila test} does: the same {@link ScenarioRunner}
 * on a runtime of its own with the production options, the offline world (no number, carrier, database or
 * webhook is touched), the offline limits. What the Console's "Run scenario" button calls.
 *
 * <p>Threading: runs happen one at a time on one platform thread of their own (the runtime measures allocation
 * per thread, which a virtual request thread cannot; and the runner's fake clock is process-wide, read by handlers
 * through {@code Date}). At most {@link #QUEUED} runs wait behind it; more are refused with
 * {@code 429 scenario_runner_busy}. A request waits at most {@link #WAIT} for its run (the offline limits stop a
 * handler long before). Each run builds and closes its own runtime, so nothing of one handler survives into the
 * next and no production worker is borrowed. The thread is a daemon: it holds nothing a shutdown must finish.
 */
public final class ScenarioRuns {
    static final int QUEUED = 4;
    static final Duration WAIT = Duration.ofSeconds(60);
    private final ExecutorService runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED), r -> Thread.ofPlatform().daemon().name("scenario-runs").unstarted(r));

    /** A transcript line: what happened, when on the scenario's clock, and the one-line rendering. */
    public record Line(long atMillis, String kind, String text, Map<String, String> fields, String render) {
    }

    /** A failed step ({@code line} in the scenario text), or a handler that does not compile ({@code column}). */
    public record Problem(int line, int column, String step, String message) {
    }

    /**
     * @param passed    every expectation met and no unexpected error
     * @param compile   where the handler does not compile (then nothing ran), else null
     * @param failure   the first failed step, else null
     */
    public record Result(boolean passed, String scenario, Problem compile, Problem failure, List<Line> transcript,
                         long millis) {
    }

    /**
     * @param fileName the handler's name as errors cite it ({@code hours.js:3:7})
     * @throws ApiException 400 invalid_scenario (field scenario) when the scenario text does not parse
     */
    public Result run(String fileName, String source, String scenarioYaml) {
        Scenario scenario;
        try {
            scenario = ScenarioFile.parse("scenario", scenarioYaml);
        } catch (ScenarioException | IllegalArgumentException e) {
            throw ApiException.invalid("invalid_scenario", "scenario", e.getMessage());
        }
        Future<Result> run;
        try {
            run = runner.submit(() -> runOffline(fileName, source, scenario));
        } catch (RejectedExecutionException e) {
            throw new ApiException(ApiException.Kind.RATE_LIMITED, "scenario_runner_busy",
                    QUEUED + " scenario runs are already waiting; try again in a moment", null);
        }
        try {
            return run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel(true);
            throw new ApiException(ApiException.Kind.UNAVAILABLE, "interrupted", "interrupted while running "
                    + "scenario '" + scenario.name() + "'", null);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new ApiException(ApiException.Kind.UNAVAILABLE, "scenario_timeout", "scenario '" + scenario.name()
                    + "' did not finish within " + WAIT.toSeconds() + " s", null);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private Result runOffline(String fileName, String source, Scenario scenario) {
        try (ScriptRuntime runtime = ScenarioRunner.createRuntime()) {
            CompiledScript script;
            try {
                script = runtime.compile("console", fileName, source);
            } catch (ScriptCompileException e) {
                return new Result(false, scenario.name(), new Problem(e.line(), e.column(), null, e.message()), null,
                        List.of(), 0);
            }
            ScenarioRunner.Result r = new ScenarioRunner(runtime, script, ScenarioRunner.OFFLINE_LIMITS)
                    .run(scenario, null);
            List<Line> lines = new ArrayList<>();
            for (Effect e : r.effects()) {
                lines.add(new Line(e.atMillis(), e.kind(), e.text(), new LinkedHashMap<>(e.fields()), e.render()));
            }
            Problem failure = r.failure() == null ? null : new Problem(r.failure().step().line(), 0,
                    r.failure().step().describe(), r.failure().message());
            return new Result(r.passed(), scenario.name(), null, failure, lines, r.millis());
        }
    }
}
