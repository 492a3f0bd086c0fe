// @ts-check
// The project's live events (GET /v1/projects/{id}/events/stream, text/event-stream) read with fetch(): unlike
// EventSource, fetch sends the Authorization header, so the key never goes in a URL. The stream reconnects with
// Last-Event-ID (no event is lost between two connections) and backs off; while it cannot connect, pages fall back
// to polling with ETags.
import { session } from './session.js';

/**
 * @typedef {{id: string | null, event: string | null, data: string}} SseFrame
 * @typedef {{id: string, type: string, createdAt: string, projectId: string, sequence: number, resourceId: string,
 *   data: Record<string, unknown>}} ProjectEvent  the webhook payload, as delivered to endpoints
 */

/**
 * Splits text/event-stream text into frames (comments and `retry:` are dropped). Returns the complete frames and
 * what is left of an unfinished one, to prepend to the next chunk.
 * @param {string} text
 * @returns {{frames: SseFrame[], rest: string}}
 */
export function parseSse(text) {
  const normalized = text.replace(/\r\n?/g, '\n');
  const blocks = normalized.split('\n\n');
  const rest = blocks.pop() ?? '';
  /** @type {SseFrame[]} */
  const frames = [];
  for (const block of blocks) {
    /** @type {string | null} */ let id = null;
    /** @type {string | null} */ let event = null;
    /** @type {string[]} */ const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) frames.push({ id, event, data: data.join('\n') });
  }
  return { frames, rest };
}

/** Next wait after a failed connection: doubling from 1 s, capped at 30 s, with jitter. */
export function backoff(attempt, random = Math.random) {
  const base = Math.min(30000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base / 2 + random() * base / 2);
}

/**
 * Opens the project's event stream and keeps it open until close() is called.
 * @param {string} project
 * @param {{types?: string, onEvent: (e: ProjectEvent) => void, onLive?: (live: boolean) => void,
 *   fetchImpl?: typeof fetch, wait?: (ms: number) => Promise<void>}} options
 * @returns {() => void} close
 */
export function openEvents(project, { types, onEvent, onLive, fetchImpl, wait }) {
  const doFetch = fetchImpl || ((input, init) => fetch(input, init));
  const pause = wait || ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const abort = new AbortController();
  /** @type {string | null} */ let lastId = null;
  let attempt = 0;
  const run = async () => {
    while (!abort.signal.aborted) {
      let retryMs = 0;
      try {
        /** @type {Record<string, string>} */
        const headers = { Accept: 'text/event-stream', Authorization: 'Bearer ' + (session.key() || '') };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const res = await doFetch('/v1/projects/' + encodeURIComponent(project) + '/events/stream'
          + (types ? '?types=' + encodeURIComponent(types) : ''), { headers, signal: abort.signal });
        if (!res.ok || !res.body) {
          onLive && onLive(false);
          const after = Number(res.headers.get('Retry-After'));
          retryMs = after > 0 ? after * 1000 : 0;
          if (res.status === 401 || res.status === 403 || res.status === 404) return;
        } else {
          onLive && onLive(true);
          attempt = 0;
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const parsed = parseSse(buffer + decoder.decode(value, { stream: true }));
            buffer = parsed.rest;
            for (const f of parsed.frames) {
              if (f.id) lastId = f.id;
              try { onEvent(JSON.parse(f.data)); } catch { /* a page's handler failing must not end the stream */ }
            }
          }
        }
      } catch {
        if (abort.signal.aborted) return;
        onLive && onLive(false);
      }
      await pause(Math.max(retryMs, backoff(attempt++)));
    }
  };
  run();
  return () => abort.abort();
}
