/**
 * Sandboxed JavaScript: compiles customer handlers, runs them with CPU, wall-clock and memory limits.
 * No HTTP, no database, no sockets: it calls interfaces (an SMS action sink, a call channel) that the
 * engine implements for FreeSWITCH and the simulated carrier, and the scripts module for local tests.
 * Empty until issue #3.
 */
package dev.cantila.runtime;
