import { session } from './session.js';

// The API's types are generated from the server's OpenAPI document at build time (npm run types → api-types.d.ts);
// pages name them in JSDoc, e.g. @type {import('./api-types').components['schemas']['Message']}.

/** An error as the API reports it: {"error":{"code","message","field"}}, plus the HTTP status. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/** Calls the public API with the session's key as a bearer header; throws ApiError on any non-2xx answer. */
export async function call(method, path, { body, params, headers, key } = {}) {
  const h = { Accept: 'application/json', ...(headers || {}) };
  const k = key || session.key();
  if (k) h.Authorization = 'Bearer ' + k;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path + query(params), { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'network', 'the server did not answer: ' + e.message, null);
  }
  if (res.status === 204) return null;
  return answer(res);
}

/** The JSON body of an answer; an ApiError with the API's code, message and field for a non-2xx one. */
async function answer(res) {
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const e = json && json.error;
    throw new ApiError(res.status, e ? e.code : 'http_' + res.status, e ? e.message : text || res.statusText, e ? e.field : null);
  }
  return json;
}

/** GET with If-None-Match: null on a 304 (unchanged), else the body and its ETag. */
async function getTagged(path, params, etag) {
  const headers = etag ? { 'If-None-Match': etag } : {};
  const res = await fetch(path + query(params), { headers: { Accept: 'application/json', Authorization: 'Bearer ' + session.key(), ...headers } });
  if (res.status === 304) return null;
  return { body: await answer(res), etag: res.headers.get('ETag') };
}

export const api = {
  get: (path, params) => call('GET', path, { params }),
  getTagged,
  post: (path, body, headers) => call('POST', path, { body: body === undefined ? {} : body, headers }),
  postEmpty: (path) => call('POST', path),
  put: (path, body) => call('PUT', path, { body }),
  patch: (path, body) => call('PATCH', path, { body }),
  del: (path) => call('DELETE', path),
  /** Audio needs the key too, so it is fetched and played from a blob URL (CSP: media-src blob:). */
  async blobUrl(path) {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + session.key() } });
    if (!res.ok) {
      let msg = res.statusText;
      try { msg = (await res.json()).error.message; } catch { /* not JSON */ }
      throw new ApiError(res.status, 'http_' + res.status, msg, null);
    }
    return URL.createObjectURL(await res.blob());
  },
};

/** The path of a project's route: p('/sms/send') → /v1/projects/proj_…/sms/send. */
export function projectPath(project, rest) {
  return '/v1/projects/' + encodeURIComponent(project) + rest;
}

/** A number in a path: E.164 without the '+' (the API accepts both). */
export function numberPath(e164) {
  return encodeURIComponent(e164.replace(/^\+/, ''));
}
