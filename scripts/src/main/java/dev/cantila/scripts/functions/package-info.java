/**
 * {@code cantila test} for Twilio Functions projects: {@link dev.cantila.scripts.functions.FunctionsSubject} runs a
 * project folder's functions on the production runtime and their TwiML with the engine's own executors ({@code
 * dev.cantila.scripts.twiml}), against the offline world a scenario describes. Start there; {@code ProjectSource}
 * is how a URL of the project reaches a function.
 */
package dev.cantila.scripts.functions;
