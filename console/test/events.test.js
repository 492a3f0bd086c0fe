import { describe, expect, it } from 'vitest';
import { backoff, openEvents, parseSse } from '../src/events.js';

globalThis.sessionStorage = { getItem: () => 'ck_test' };

describe('parseSse', () => {
  it('splits frames, joins data lines, drops comments and keeps the unfinished rest', () => {
    const { frames, rest } = parseSse('retry: 2000\n: stream of p\n\nid: evt_1\nevent: sms.inbound\ndata: {"a":1}\n\n'
      + ': heartbeat\n\nid: evt_2\r\nevent: sms.status\r\ndata: {"b"\r\ndata: :2}\r\n\r\nid: evt_3\nda');
    expect(frames).toEqual([
      { id: 'evt_1', event: 'sms.inbound', data: '{"a":1}' },
      { id: 'evt_2', event: 'sms.status', data: '{"b"\n:2}' },
    ]);
    expect(rest).toBe('id: evt_3\nda');
  });
});

describe('backoff', () => {
  it('doubles from about a second and stops at 30 s', () => {
    expect(backoff(0, () => 1)).toBe(1000);
    expect(backoff(3, () => 0)).toBe(4000);
    expect(backoff(40, () => 1)).toBe(30000);
  });
});

/** A fetch answering from a list: each answer is {status, chunks} or an Error. */
function scripted(answers, seen) {
  return async (url, init) => {
    seen.push({ url, headers: init.headers });
    const a = answers.shift();
    if (!a) return new Promise(() => {}); // stays open: the test is done
    if (a instanceof Error) throw a;
    const chunks = [...(a.chunks || [])];
    return {
      ok: a.status === 200, status: a.status, headers: { get: () => a.retryAfter || null },
      body: { getReader: () => ({ read: async () => chunks.length ? { value: new TextEncoder().encode(chunks.shift()), done: false } : { done: true } }) },
    };
  };
}

describe('openEvents', () => {
  it('sends the key as a header, never in the URL, and resumes with Last-Event-ID after the stream ends', async () => {
    const seen = [];
    const events = [];
    const waits = [];
    const fetchImpl = scripted([
      { status: 200, chunks: ['id: evt_1\nevent: sms.inbound\ndata: {"id":"evt_1","type":"sms.inbound"}\n', '\n'] },
      { status: 429, retryAfter: '15' },
      { status: 200, chunks: ['id: evt_2\nevent: sms.status\ndata: {"id":"evt_2","type":"sms.status"}\n\n'] },
    ], seen);
    const close = openEvents('proj_1', { types: 'sms.*', onEvent: (e) => events.push(e.id), fetchImpl,
      wait: async (ms) => { waits.push(ms); } });
    await new Promise((r) => setTimeout(r, 20));
    close();
    expect(events).toEqual(['evt_1', 'evt_2']);
    expect(seen[0].url).toBe('/v1/projects/proj_1/events/stream?types=sms.*');
    expect(seen.every((s) => !s.url.includes('ck_test'))).toBe(true);
    expect(seen[0].headers.Authorization).toBe('Bearer ck_test');
    expect(seen[0].headers['Last-Event-ID']).toBeUndefined();
    expect(seen[1].headers['Last-Event-ID']).toBe('evt_1');
    expect(seen[2].headers['Last-Event-ID']).toBe('evt_1');
    expect(waits[1]).toBeGreaterThanOrEqual(15000); // Retry-After of the 429
  });
});
