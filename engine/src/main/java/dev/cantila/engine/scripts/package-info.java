/**
 * Handlers in the engine: scripts with immutable versions and deployment
 * ({@link dev.cantila.engine.scripts.Scripts}), number routing ({@link dev.cantila.engine.scripts.Routing}), the
 * inbound SMS path through a script, a URL or a forward ({@link dev.cantila.engine.scripts.InboundRouter}) with
 * the handler's {@code ctx} ({@code ProjectSmsHost}, {@code KvStore}, {@code CheckedCodes} for {@code ctx.otp}), and
 * the execution log. URL routes (SMS here,
 * voice in {@code voice.UrlActions}) go through the webhooks module's {@code OutboundHttp} and its target policy
 * (no private targets); {@link dev.cantila.engine.scripts.UrlRoutes} is what they share. The sandbox itself
 * is the {@code runtime} module.
 */
package dev.cantila.engine.scripts;
