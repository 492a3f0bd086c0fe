/**
 * Twilio compatibility (issue #13): what lets a TwiML web app written for Twilio answer a Cantila number unmodified.
 *
 * <p>Start with {@link dev.cantila.engine.twilio.TwilioAccounts} (a project's AccountSid and auth token) and
 * {@link dev.cantila.engine.twilio.TwilioSignature} (X-Twilio-Signature). {@link dev.cantila.engine.twilio.TwilioParams}
 * fills Twilio's request parameters truthfully from our call and message records, {@link
 * dev.cantila.engine.twilio.TwilioRequests} sends them (form POST or GET, signed, through the SSRF-guarded client).
 * The parser, the rules and the executors live in {@code dev.cantila.scripts.twiml}, shared with {@code cantila
 * test}: {@link dev.cantila.engine.twilio.TwimlSms} runs messaging TwiML against a run's SMS host, and the voice
 * router runs {@code TwimlCall} against a live call's channel. Both record their run in
 * the number's execution log; an unknown verb or attribute is an error there (and, on a call, a spoken apology),
 * never a silent skip.
 *
 * <p>Twilio Functions projects (scripts uploaded as several files) reuse both executors: {@link
 * dev.cantila.engine.twilio.FunctionsSource} is their {@code TwimlSource}, which runs the
 * function at a path of the project's own domain in the sandbox instead of making an HTTP request, and places the
 * functions' {@code client.calls.create} through a {@link dev.cantila.engine.twilio.CallStarter}.
 */
package dev.cantila.engine.twilio;
