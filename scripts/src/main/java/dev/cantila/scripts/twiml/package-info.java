/**
 * TwiML as both the engine and {@code cantila test} run it: one parser, one set of rules, one executor, so an offline
 * scenario cannot drift from production.
 *
 * <p>Start with {@link dev.cantila.scripts.twiml.Twiml} (a hardened XML parser: no DTD, no entities) and the checks
 * a document passes before its first verb runs ({@link dev.cantila.scripts.twiml.TwimlVoiceRules}, {@link
 * dev.cantila.scripts.twiml.TwimlMessaging#check}). {@link dev.cantila.scripts.twiml.TwimlCall} walks voice verbs
 * over a {@link dev.cantila.runtime.host.CallChannel} (the engine's live call, or the offline world's {@code
 * OfflineCall}); {@link dev.cantila.scripts.twiml.TwimlMessaging} runs messaging verbs through a sender. Both ask a
 * {@link dev.cantila.scripts.twiml.TwimlSource} for each next document: the engine's signed HTTP requests and
 * deployed functions, or offline the Functions project on disk ({@code dev.cantila.scripts.functions}).
 */
package dev.cantila.scripts.twiml;
