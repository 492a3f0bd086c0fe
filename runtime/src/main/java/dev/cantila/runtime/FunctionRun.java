package dev.cantila.runtime;

import dev.cantila.runtime.host.SmsHost;
import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * One invocation of a Functions project's handler in a fresh context, on a worker (see {@link
 * ScriptRuntime#invokeFunction}): the prelude (console, no {@code Java}), the functions shim, every file of the
 * project defined as a CommonJS factory (nothing of it runs until required), then {@code invoke}. When that call
 * returns its promise jobs have drained; since a sandbox has no timers or I/O, a callback not called by then can
 * never be called: the run ends there as an ERROR saying so (Twilio would wait for its 10 s limit and fail alike).
 */
final class FunctionRun {
    private final Sandbox sandbox;
    private final FunctionsProject project;
    private final FunctionRequest request;
    private final SmsHost host;

    FunctionRun(Sandbox sandbox, FunctionsProject project, FunctionRequest request, SmsHost host) {
        this.sandbox = sandbox;
        this.project = project;
        this.request = request;
        this.host = host;
    }

    FunctionResult run(Context context, Watchdog.Guard guard, Recorder rec, long start) {
        SmsBinding binding = new SmsBinding(host, rec);
        Done done = new Done();
        String id = project.scriptId();
        try {
            Value prelude = context.eval(sandbox.prelude()).execute(binding);
            Value shim = context.eval(sandbox.functions()).execute(prelude.getMember("hostCall"), done);
            project.sources().forEach((file, source) -> shim.invokeMember("define", file, context.eval(source)));
            shim.invokeMember("invoke", data());
            if (binding.hostFailure() != null) {
                return failed(rec.finish(id, Outcome.ERROR, start, Failures.plain("host failure: "
                        + binding.hostFailure())));
            }
            if (!done.settled) {
                return failed(rec.finish(id, Outcome.ERROR, start, Failures.plain(request.file()
                        + ": the handler finished without calling callback(err, response); nothing else can call it"
                        + " (no timers or I/O in the sandbox), so the run ends here")));
            }
            if (!done.ok) {
                return failed(rec.finish(id, Outcome.ERROR, start, adjust(Failures.rejected(done.reason, null))));
            }
            return new FunctionResult(rec.finish(id, Outcome.OK, start, null), done.status, done.headers, done.body);
        } catch (PolyglotException e) {
            Outcome outcome = Failures.outcome(e, guard.stopReason());
            return failed(rec.finish(id, outcome, start, binding.hostFailure() != null
                    ? Failures.plain("host failure: " + binding.hostFailure())
                    : adjust(Failures.error(e, outcome, null))));
        } catch (IllegalStateException e) {
            Outcome outcome = guard.stopReason() != null ? guard.stopReason() : Outcome.ERROR;
            return failed(rec.finish(id, outcome, start, Failures.stopped(outcome, e.getMessage())));
        }
    }

    static FunctionResult failed(Execution execution) {
        return new FunctionResult(execution, 500, Map.of(), "");
    }

    /** A location on a file's first line is shifted by the CommonJS wrapper there; this takes it back. */
    private static ScriptError adjust(ScriptError e) {
        if (e.line() != 1 || e.fileName() == null || !e.fileName().startsWith("functions/")) {
            return e;
        }
        return new ScriptError(e.message(), e.fileName(), 1, Math.max(1, e.column() - FunctionsProject.PREFIX.length()),
                e.stack());
    }

    private String data() {
        StringBuilder b = new StringBuilder(1024).append("{\"file\":");
        Json.quote(b, request.file()).append(",\"local\":");
        Json.quote(b, request.local()).append(",\"context\":").append(Json.object(request.context()))
                .append(",\"event\":").append(Json.object(request.event())).append(",\"functions\":[");
        String sep = "";
        for (FunctionsProject.Function f : project.functions()) {
            b.append(sep).append(Json.object(ordered("file", f.file(), "name", f.name(), "visibility",
                    f.visibility(), "text", null)));
            sep = ",";
        }
        b.append("],\"assets\":[");
        sep = "";
        for (FunctionsProject.Asset a : project.assets()) {
            b.append(sep).append(Json.object(ordered("file", a.file(), "key", a.key(), "visibility", a.visibility(),
                    "text", a.text())));
            sep = ",";
        }
        return b.append("]}").toString();
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The shim's {@code done(ok, error, status, headers, body)}; only the first call counts. */
    private static final class Done implements ProxyExecutable {
        private boolean settled;
        private boolean ok;
        private Value reason;
        private int status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body = "";

        @Override
        public Object execute(Value... args) {
            if (settled) {
                return null;
            }
            settled = true;
            ok = args[0].asBoolean();
            reason = args[1];
            status = args[2].fitsInInt() ? args[2].asInt() : 500;
            for (String k : args[3].getMemberKeys()) {
                Value v = args[3].getMember(k);
                headers.put(k, v.isString() ? v.asString() : v.toString());
            }
            body = args[4].isString() ? args[4].asString() : "";
            return null;
        }
    }
}
