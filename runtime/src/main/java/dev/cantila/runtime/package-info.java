/**
 * Sandboxed JavaScript handlers on GraalJS Community 25.0.3. Start at {@link dev.cantila.runtime.ScriptRuntime}:
 * {@code compile} validates a handler module, {@code runSms} runs its {@code onSms(sms, ctx)} in a fresh context
 * (or, with {@link dev.cantila.runtime.RuntimeOptions.Warm} on, in the warm context its script version left on that
 * worker: {@code WarmContexts}) and returns an {@link dev.cantila.runtime.Execution} (outcome, actions, logs,
 * located error). What the engine
 * implements lives in {@link dev.cantila.runtime.host}. No HTTP, no database, no sockets here.
 *
 * <p>Inside: {@code Sandbox} owns the one shared {@code Engine} and builds every context (one host-access
 * setting and one statement-limit predicate per engine, both GraalJS constraints); {@code prelude.js} is the
 * JS-side facade ({@code ctx}, {@code console}) closed over one host function ({@code SmsBinding}), so scripts
 * only ever hold plain frozen JS objects; {@code Watchdog} enforces wall clock and allocation from one
 * scheduler thread; {@code Failures} maps polyglot exceptions to outcomes and {@code file:line:column};
 * {@code CallSession} runs {@code onCall} as turns fed by a per-call inbox (channel completions arrive on the
 * engine's threads and are never run there: GraalJS allows one thread in a context at a time).
 *
 * <p>Isolation model, and why in-process: scripts run on a bounded pool of platform threads (allocation
 * accounting returns -1 on virtual threads); the watchdog interrupts on wall clock and closes the context
 * on the allocation budget, which in CE is the only guard that kept a memory bomb from starving another
 * tenant's thread (CE has no per-context heap limit, no isolates). A separate script-worker JVM would give
 * a hard heap wall but costs a process, IPC and a copy of the engine per worker on a 2-core box where a
 * whole SMS invocation is a fraction of a millisecond; the allocation budget contains the bombs we know
 * (tested with strings and number arrays under -Xmx512m). Residual risk, documented: a single allocation
 * larger than the free heap. Revisit with Oracle GraalVM's isolates or a worker JVM for hostile tenants.
 *
 * <p>Stopping: wall clock → interrupt, one grace later → {@code close(true)}, one more grace → the worker is
 * abandoned and the caller gets KILLED at once ({@code Watchdog}); a fresh thread replaces it ({@code WorkerPool},
 * which also gives each tenant, i.e. project, a capped share of the workers with its own queue). Abandoning is
 * needed because some guest code cannot be stopped in-process on GraalJS 25.0.3: a recursion that catches its own
 * stack overflow loses Truffle's one-shot interrupt/cancel at the stack limit (the statement limit, re-raised at
 * every statement, does unwind it, but only if it comes first). Java cannot kill the thread; the killed text is
 * quarantined so it costs one thread, and the engine's health turns DOWN at a threshold of abandoned threads.
 *
 * <p>ctx.kv is synchronous: {@code get} returns the parsed value or null, {@code set} returns undefined,
 * {@code delete} returns a boolean ({@code await} on them works too). The SMS actions ({@code reply},
 * {@code forward}, {@code sms.send}) return {@code {id}} synchronously and throw an Error with {@code code}
 * when the host refuses.
 *
 * <p>Twilio Functions projects ({@code FunctionsProject}, made by {@code ScriptRuntime#compileFunctions}) run one
 * function per request ({@code ScriptRuntime#invokeFunction}, {@code FunctionRun}): a fresh context, the prelude,
 * the {@code functions.js} shim (Twilio.twiml builders, Twilio.Response, Runtime, require, getTwilioClient), the
 * project's files as CommonJS factories, then {@code exports.handler(context, event, callback)}.
 */
package dev.cantila.runtime;
