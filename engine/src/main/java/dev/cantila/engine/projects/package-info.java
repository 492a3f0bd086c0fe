/**
 * Tenancy: projects, their API keys ({@link dev.cantila.engine.projects.ApiKeys}, hashed, constant-time
 * compared) and environment variables ({@link dev.cantila.engine.projects.Projects}). Start with
 * {@link dev.cantila.engine.projects.ProjectsHttp} for the routes.
 */
package dev.cantila.engine.projects;
