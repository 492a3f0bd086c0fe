package dev.cantila.runtime;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The prelude's {@code done(ok, reason)}: called once when the handler (and its promise) finished. Called
 * only on the worker thread, inside a host→JS call or the promise jobs drained when that call returns.
 */
final class Completion implements ProxyExecutable {
    private boolean settled;
    private boolean ok;
    private Value reason;

    @Override
    public Object execute(Value... args) {
        if (!settled) {
            settled = true;
            ok = args[0].asBoolean();
            reason = args.length > 1 ? args[1] : null;
        }
        return null;
    }

    /**
     * What the handler failed with, as the prelude caught it, or null. A watchdog interrupt is among them: GraalJS
     * lets a JS {@code catch} see it (it is raised again at the next safepoint, by then outside the handler), so
     * this is where an overrun's location survives.
     */
    Value failure() {
        return settled && !ok ? reason : null;
    }

    /**
     * How the handler ended, judged after a host→JS call returned (promise jobs drained), or null if it has
     * not ended but still can: {@code canResume} says whether anything outstanding (a call's channel
     * operation) may still settle a promise. A host bug wins over what the script did with it.
     */
    Ending ending(SmsBinding binding, boolean canResume, String fileName) {
        if (binding.hostFailure() != null) {
            return new Ending(Outcome.ERROR, Failures.plain("host failure: " + binding.hostFailure()));
        }
        if (settled) {
            return ok ? new Ending(Outcome.OK, null) : new Ending(Outcome.ERROR, Failures.rejected(reason, fileName));
        }
        return canResume ? null
                : new Ending(Outcome.ERROR, Failures.plain("handler did not finish: a promise never resolved"));
    }

    record Ending(Outcome outcome, ScriptError error) {
    }
}
