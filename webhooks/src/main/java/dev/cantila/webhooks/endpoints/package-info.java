/**
 * Webhook endpoints per project: URL, subscribed event-type patterns, active flag and signing secrets with
 * rotation. Start at {@link dev.cantila.webhooks.endpoints.Endpoints}. A secret is returned in full exactly once
 * (on create and on rotate, as {@link dev.cantila.webhooks.endpoints.EndpointWithSecret}); afterwards only a hint.
 * Every lookup is scoped to a project: another project's endpoint is "not found".
 */
package dev.cantila.webhooks.endpoints;
