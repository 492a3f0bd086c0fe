package dev.cantila.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Actions and log lines of one invocation. Written only by the invocation's worker thread (host calls and
 * the context's out/err streams run there), read after it finished.
 */
final class Recorder {
    private final Limits limits;
    private final List<Action> actions = new ArrayList<>();
    private final List<LogLine> logs = new ArrayList<>();
    private int logChars;
    private boolean truncated;

    Recorder(Limits limits) {
        this.limits = limits;
    }

    void action(Action action) {
        actions.add(action);
    }

    /**
     * Keeps the line if both caps allow it; a line that would cross the char cap is cut and marked.
     *
     * @return whether more lines can be kept
     */
    boolean log(String level, String text) {
        if (logs.size() >= limits.logLines() || logChars >= limits.logChars()) {
            truncated = true;
            return false;
        }
        int room = limits.logChars() - logChars;
        if (text.length() > room) {
            text = text.substring(0, room) + "…[truncated]";
            truncated = true;
        }
        logChars += text.length();
        logs.add(new LogLine(level, text));
        return true;
    }

    Execution finish(String scriptId, Outcome outcome, long startNanos, ScriptError error) {
        return new Execution(scriptId, outcome, actions, logs, truncated,
                java.time.Duration.ofNanos(System.nanoTime() - startNanos), error);
    }
}
