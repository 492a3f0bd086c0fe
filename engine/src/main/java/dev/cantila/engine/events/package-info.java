/**
 * The project's event log as the public API shows it: the same events, types and payloads webhooks deliver
 * (the {@code webhook_events} outbox), read back as a server-sent events stream
 * ({@code GET /v1/projects/{id}/events/stream}, {@link dev.cantila.engine.events.EventsHttp}) or as a JSON page
 * ({@code GET /v1/projects/{id}/events}). Start reading at {@link dev.cantila.engine.events.EventStream}, the loop
 * one subscriber runs; {@link dev.cantila.engine.events.EventLog} is the query it polls.
 */
package dev.cantila.engine.events;
