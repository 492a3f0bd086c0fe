package dev.cantila.runtime;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/** Turns polyglot failures into what the script author sees: an outcome and a located {@link ScriptError}. */
final class Failures {
    private static final int MAX_FRAMES = 20;

    private Failures() {
    }

    /** The outcome for an exception that escaped guest code; the watchdog's reason wins if it stopped it. */
    static Outcome outcome(PolyglotException e, Outcome stoppedBy) {
        if (stoppedBy != null) {
            return stoppedBy;
        }
        if (e.isResourceExhausted()) {
            // The statement limit cancels the context; a heap exhaustion inside guest code does not.
            return e.isCancelled() ? Outcome.STATEMENT_LIMIT : Outcome.MEMORY_LIMIT;
        }
        return e.isInterrupted() ? Outcome.TIMEOUT : Outcome.ERROR;
    }

    static ScriptError error(PolyglotException e, Outcome outcome, String fileName) {
        return located(e, describe(outcome, e.isResourceExhausted() ? e.getMessage() : null, e.getMessage()),
                fileName);
    }

    /** A stop without a guest exception to locate (the context was closed between two guest calls). */
    static ScriptError stopped(Outcome outcome, String detail) {
        return plain(describe(outcome, null, detail));
    }

    private static String describe(Outcome outcome, String limitDetail, String message) {
        String suffix = limitDetail == null ? "" : ": " + limitDetail;
        return switch (outcome) {
            case TIMEOUT -> "wall-clock limit exceeded";
            case MEMORY_LIMIT -> "memory limit exceeded" + suffix;
            case STATEMENT_LIMIT -> "statement limit exceeded" + suffix;
            case KILLED -> killed().message();
            default -> message;
        };
    }

    /** A value the handler threw or rejected with: an Error keeps its own stack; anything else is stringified. */
    static ScriptError rejected(Value reason, String fileName) {
        if (reason != null && reason.isException()) {
            try {
                throw reason.throwException();
            } catch (PolyglotException e) {
                return located(e, e.getMessage(), fileName);
            }
        }
        String text = reason == null ? "undefined" : reason.isString() ? reason.asString() : reason.toString();
        return new ScriptError("Uncaught " + text, null, 0, 0, "Uncaught " + text);
    }

    /**
     * {@code error} with the location of {@code caught} (the guest exception the prelude caught when the handler
     * stopped) when it has none of its own: an interrupt raised again outside the handler has no guest frames.
     */
    static ScriptError at(ScriptError error, Value caught, String fileName) {
        if (error.fileName() != null || caught == null || !caught.isException()) {
            return error;
        }
        try {
            throw caught.throwException();
        } catch (PolyglotException e) {
            ScriptError where = located(e, error.message(), fileName);
            return where.fileName() == null ? error : where;
        } catch (RuntimeException e) {
            return error; // the context went away meanwhile
        }
    }

    /** Why an invocation is KILLED: the watchdog could not stop it and gave up its worker. */
    static ScriptError killed() {
        return plain("killed: the script could not be stopped (interrupt, then close) within its wall-clock limit"
                + " plus the kill grace; its worker was abandoned");
    }

    /** Why a script is refused at once: an earlier run of the same text had to be killed. */
    static String quarantined() {
        return "killed: an earlier run of this script text could not be stopped and its worker was abandoned;"
                + " it is not run again (fix the script and upload it anew)";
    }

    /** The record of a KILLED invocation: what it did is not read (its abandoned thread may still be writing). */
    static Execution killed(String scriptId, long startNanos) {
        return new Execution(scriptId, Outcome.KILLED, java.util.List.of(), java.util.List.of(), false,
                java.time.Duration.ofNanos(System.nanoTime() - startNanos), killed());
    }

    static ScriptError plain(String message) {
        return new ScriptError(message, null, 0, 0, message);
    }

    /** @param fileName the author's file; null: the innermost frame in any file that is not the runtime's own */
    private static ScriptError located(PolyglotException e, String message, String fileName) {
        StringBuilder stack = new StringBuilder(message);
        SourceSection where = null;
        int frames = 0;
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection section = frame.getSourceLocation();
            if (!frame.isGuestFrame() || section == null || section.getSource().isInternal()) {
                continue;
            }
            if (where == null && (fileName == null || section.getSource().getName().equals(fileName))) {
                where = section;
            }
            if (frames++ < MAX_FRAMES) {
                String name = frame.getRootName() == null || frame.getRootName().isEmpty()
                        ? "<anonymous>" : frame.getRootName();
                stack.append("\n    at ").append(name).append(" (").append(section.getSource().getName())
                        .append(':').append(section.getStartLine()).append(':').append(section.getStartColumn())
                        .append(')');
            }
        }
        if (where == null && e.getSourceLocation() != null && !e.getSourceLocation().getSource().isInternal()
                && (fileName == null || e.getSourceLocation().getSource().getName().equals(fileName))) {
            where = e.getSourceLocation();
        }
        return where == null
                ? new ScriptError(message, null, 0, 0, stack.toString())
                : new ScriptError(message, where.getSource().getName(), where.getStartLine(), where.getStartColumn(),
                        stack.toString());
    }
}
