package dev.cantila.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The one shared {@link Engine} and the only place contexts are built, so every context on it has the same
 * host access (mixing crashes GraalJS 25.0.3) and the same statement-limit predicate (enforced per engine).
 * Thread-safe.
 *
 * <p>Policy: TRUSTED with {@link HostAccess#EXPLICIT} and every capability denied one by one, not CONSTRAINED:
 * CONSTRAINED (measured on 25.0.3) refuses to let us set {@code js.shared-array-buffer},
 * {@code js.polyglot-builtin} and similar options to false, i.e. it would keep globals we want gone. Scripts
 * see no host object with exported members at all (the facade is JS over one {@code ProxyExecutable}), so
 * EXPLICIT exposes nothing; the escape corpus in the tests checks it.
 */
final class Sandbox implements AutoCloseable {
    static final String MODULE_MIME = "application/javascript+module";

    /** The single source predicate of this engine: count the author's statements, not the prelude's. */
    private static final Predicate<Source> USER_CODE = source -> !source.isInternal();

    private final Engine engine;
    private final Source prelude;
    private final Source clockSource;
    private final Source functions;
    private final ProxyExecutable now;
    private final String stringLengthLimit;

    Sandbox(RuntimeOptions options) {
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.TRUSTED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.prelude = Source.newBuilder("js", resource("prelude.js"), "cantila-prelude.js")
                .internal(true).cached(true).buildLiteral();
        this.functions = Source.newBuilder("js", resource("functions.js"), "cantila-functions.js")
                .internal(true).cached(true).buildLiteral();
        this.clockSource = Source.newBuilder("js", resource("clock.js"), "cantila-clock.js")
                .internal(true).cached(true).buildLiteral();
        java.time.Clock clock = options.clock();
        this.now = args -> (double) clock.millis();
        this.stringLengthLimit = Integer.toString(options.stringLengthLimit());
    }

    String implementationName() {
        return engine.getImplementationName();
    }

    Source prelude() {
        return prelude;
    }

    /** The Twilio Functions shim ({@code functions.js}), evaluated after the prelude for a Functions project. */
    Source functions() {
        return functions;
    }

    /** A fresh, fully sandboxed context; out and err feed the recorder's log. */
    Context newContext(Limits limits, Recorder recorder) {
        return newContext(limits, () -> recorder);
    }

    /**
     * A fresh, fully sandboxed context whose out and err feed the log of whichever recorder {@code recorder} gives
     * at the time of writing (a warm context serves one invocation after another, each with its own recorder).
     */
    Context newContext(Limits limits, java.util.function.Supplier<Recorder> recorder) {
        Context context = Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.TRUSTED)
                .allowHostAccess(HostAccess.EXPLICIT)
                .allowHostClassLookup(name -> false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .out(new LogStream(recorder, "info", limits.logChars()))
                .err(new LogStream(recorder, "error", limits.logChars()))
                .allowExperimentalOptions(true)
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.java-package-globals", "false")
                .option("js.graal-builtin", "false")
                .option("js.polyglot-builtin", "false")
                .option("js.shared-array-buffer", "false")
                .option("js.atomics", "false")
                .option("js.string-length-limit", stringLengthLimit)
                .option("js.esm-eval-returns-exports", "true")
                .resourceLimits(ResourceLimits.newBuilder().statementLimit(limits.statements(), USER_CODE).build())
                .build();
        try {
            context.eval(clockSource).execute(now);
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
        return context;
    }

    static Source module(String fileName, String text) {
        return Source.newBuilder("js", text, fileName).mimeType(MODULE_MIME).cached(true).buildLiteral();
    }

    @Override
    public void close() {
        engine.close(true);
    }

    private static String resource(String name) {
        try (InputStream in = Sandbox.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("runtime resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runtime resource " + name, e);
        }
    }

    /** Context out/err: whole lines into the log; a line longer than the cap is cut there. */
    private static final class LogStream extends OutputStream {
        private final java.util.function.Supplier<Recorder> recorder;
        private final String level;
        private final int maxLine;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LogStream(java.util.function.Supplier<Recorder> recorder, String level, int maxLine) {
            this.recorder = recorder;
            this.level = level;
            this.maxLine = maxLine;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                flush();
            } else if (line.size() < maxLine) {
                line.write(b);
            }
        }

        @Override
        public void flush() {
            if (line.size() > 0) {
                recorder.get().log(level, line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
