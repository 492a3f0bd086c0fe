import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { membersFromTypes, handlerCompletions } from '../src/completions.js';

const dts = readFileSync(new URL('../../samples/cantila.d.ts', import.meta.url), 'utf8');

describe('handler completions from cantila.d.ts', () => {
  const members = membersFromTypes(dts);
  const labels = (path) => (members[path] || []).map((m) => m.label);

  it('lists the call helpers, the ctx members and the nested ctx objects', () => {
    expect(labels('call')).toEqual(expect.arrayContaining(['say', 'gather', 'forward', 'voicemail', 'hangup', 'params']));
    expect(labels('ctx')).toEqual(expect.arrayContaining(['env', 'log', 'kv', 'sms', 'reply', 'forward']));
    expect(labels('ctx.log')).toEqual(['info', 'warn', 'error']);
    expect(labels('ctx.kv')).toEqual(['get', 'set', 'delete']);
    expect(labels('sms')).toEqual(expect.arrayContaining(['from', 'to', 'body', 'threadId']));
    expect(members.call.find((m) => m.label === 'say').type).toBe('method');
  });

  it('offers the members after a known object and nothing elsewhere', () => {
    const source = handlerCompletions(members);
    const at = (text) => source({
      matchBefore: (re) => {
        const m = re.exec(text);
        return m ? { from: m.index, text: m[0] } : null;
      },
    });
    const r = at('  await ctx.log.wa');
    expect(r.options.map((o) => o.label)).toEqual(['info', 'warn', 'error']);
    expect(r.from).toBe('  await ctx.log.'.length);
    expect(at('  foo.ba')).toBeNull();
    expect(at('  plain')).toBeNull();
  });
});
