/**
 * The engine: the server, its HTTP API, domain services and storage. Start reading at
 * {@link dev.cantila.engine.Main} (command line, the route list) and {@link dev.cantila.engine.App} (wiring).
 * Packages are by domain: {@code projects}, {@code numbers}, {@code billing}, {@code sms}, {@code telephony};
 * shared plumbing in {@code core}, {@code http}, {@code storage}, {@code config}.
 */
package dev.cantila.engine;
