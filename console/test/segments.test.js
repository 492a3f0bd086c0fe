import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { segments, nonGsm } from '../src/segments.js';

// The same vectors as the engine's SegmentsVectorsTest: the live counter must agree with what the server bills.
const vectors = JSON.parse(readFileSync(new URL('../../engine/src/test/resources/sms/segment-vectors.json', import.meta.url), 'utf8')).vectors;

describe('segments agree with the server on the shared vectors', () => {
  for (const v of vectors) {
    const body = v.parts.map(([t, n]) => t.repeat(n)).join('');
    it(`${JSON.stringify(body.slice(0, 24))} (${body.length} chars)`, () => {
      const r = segments(body);
      expect({ encoding: r.encoding, segments: r.segments, units: r.units })
        .toEqual({ encoding: v.encoding, segments: v.segments, units: v.units });
    });
  }
  it('names the characters that force UCS-2', () => {
    expect(nonGsm('Olá 😀 olá')).toEqual(['á', '😀']);
    expect(nonGsm('plain {text}')).toEqual([]);
  });
});
