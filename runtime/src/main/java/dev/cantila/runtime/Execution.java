package dev.cantila.runtime;

import java.time.Duration;
import java.util.List;

/**
 * The record of one invocation, what {@code GET …/scripts/:sid/executions/:eid} shows.
 *
 * @param actions      host actions in call order, including refused ones (with their error code)
 * @param logs         console and ctx.log lines, capped by {@link Limits}
 * @param logTruncated true if lines were dropped by the cap
 * @param duration     on the worker thread, from context creation to the end of the last promise job
 * @param error        null iff outcome is OK or NO_HANDLER
 */
public record Execution(String scriptId, Outcome outcome, List<Action> actions, List<LogLine> logs,
                        boolean logTruncated, Duration duration, ScriptError error) {
    public Execution {
        actions = List.copyOf(actions);
        logs = List.copyOf(logs);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
