// @ts-check
// Typed access to the API: the route templates and answers come from the types openapi-typescript generates from
// the server's openapi.yaml at build time (src/api-types.d.ts), and the build type-checks (tsc, checkJs) every
// file marked @ts-check. A schema change that removes or renames what a checked page reads breaks the build.
import { api } from './api.js';

/**
 * @typedef {import('./api-types').paths} Paths
 * @typedef {import('./api-types').components['schemas']} Schemas
 * @typedef {{[P in keyof Paths]: Paths[P] extends {get: {responses: {200: any}}} ? P : never}[keyof Paths]} GetPath
 * @typedef {{[P in keyof Paths]: Paths[P] extends {post: {responses: any}} ? P : never}[keyof Paths]} PostPath
 */
/**
 * @template T
 * @typedef {T extends {content: {'application/json': infer B}} ? B : never} JsonOf
 */
/**
 * @template {GetPath} P
 * @typedef {JsonOf<Paths[P]['get']['responses'][200]>} GetAnswer
 */
/**
 * @template {GetPath} P
 * @typedef {Paths[P]['get'] extends {parameters: {query?: infer Q}} ? Q : never} GetQuery
 */
/**
 * @template {PostPath} P
 * @typedef {Paths[P]['post'] extends {requestBody: {content: {'application/json': infer B}}} ? B
 *   : Paths[P]['post'] extends {requestBody?: {content: {'application/json': infer B}}} ? B : never} PostBody
 */
/**
 * @template {PostPath} P
 * @typedef {Paths[P]['post']['responses'] extends {201: infer R} ? JsonOf<R>
 *   : Paths[P]['post']['responses'] extends {200: infer R} ? JsonOf<R> : never} PostAnswer
 */

/**
 * A route template filled in: '/v1/projects/{id}/sms/threads/{remote}' with {id, remote}, each value encoded.
 * @param {string} template
 * @param {Record<string, string>} values
 * @returns {string}
 */
export function fill(template, values) {
  return template.replace(/\{([^}]+)\}/g, (_, name) => {
    const v = values[name];
    if (v === undefined) throw new Error('no value for {' + name + '} in ' + template);
    return encodeURIComponent(v);
  });
}

/**
 * GET a route by its template; the answer is typed by the route's 200 schema.
 * @template {GetPath} P
 * @param {P} template
 * @param {Record<string, string>} values
 * @param {GetQuery<P>} [params]
 * @returns {Promise<GetAnswer<P>>}
 */
export function get(template, values, params) {
  return api.get(fill(template, values), /** @type {Record<string, unknown>} */ (params));
}

/**
 * POST a typed body to a route by its template; the answer is typed by its 201 (or 200) schema.
 * @template {PostPath} P
 * @param {P} template
 * @param {Record<string, string>} values
 * @param {PostBody<P>} body
 * @returns {Promise<PostAnswer<P>>}
 */
export function post(template, values, body) {
  return api.post(fill(template, values), body);
}

/**
 * GET a list a page polls, with If-None-Match: null when it has not changed since `etag`.
 * @template {GetPath} P
 * @param {P} template
 * @param {Record<string, string>} values
 * @param {GetQuery<P>} params
 * @param {string | null} etag
 * @returns {Promise<{body: GetAnswer<P>, etag: string | null} | null>}
 */
export async function getIfChanged(template, values, params, etag) {
  const r = await api.getTagged(fill(template, values), /** @type {Record<string, unknown>} */ (params), etag);
  return r && { body: r.body, etag: r.etag };
}
