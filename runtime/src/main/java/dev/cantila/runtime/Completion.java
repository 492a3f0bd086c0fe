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

    boolean settled() {
        return settled;
    }

    boolean ok() {
        return ok;
    }

    Value reason() {
        return reason;
    }
}
