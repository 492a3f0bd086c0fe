/**
 * The Console: the web app the engine serves at {@code /console} ({@link dev.cantila.engine.console.ConsoleHttp}:
 * the front end built from the top-level {@code console/} folder into the jar, with its security headers), and
 * the one API route the console needed that the API lacked: running a handler's scenarios on the server
 * ({@link dev.cantila.engine.console.ScenarioRunsHttp}, the same runner as {@code cantila test}, offline). The
 * console itself talks only to the public {@code /v1} API.
 */
package dev.cantila.engine.console;
