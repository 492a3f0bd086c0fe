/**
 * The seam between the runtime and the world: what a handler is given ({@link SmsEvent}) and what the
 * engine (FreeSWITCH, the simulated carrier) and the {@code scripts} module ({@code cantila test}) implement
 * so a handler can act ({@link SmsHost}, its {@link OtpHost} for {@code ctx.otp}, {@link CallChannel}). Nothing here knows GraalJS; nothing in the
 * runtime knows transport. Start with {@link SmsHost}.
 *
 * <p>Threading: {@link SmsHost} methods are called on the runtime's script worker thread, synchronously, while
 * the handler runs; they may block briefly (a database write) but every second they take counts against the
 * invocation's wall clock. {@link CallChannel} methods must not block: they return futures that the engine
 * completes from any thread; the runtime hands the completion back to the call's owning thread.
 */
package dev.cantila.runtime.host;
