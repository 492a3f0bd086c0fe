import { describe, expect, it } from 'vitest';
import { diffLines, location } from '../src/diff.js';

describe('diffLines', () => {
  it('keeps common lines and marks removed and added ones with their line numbers', () => {
    const d = diffLines('a\nb\nc', 'a\nx\nc\nd');
    expect(d.map((l) => l.op + l.text)).toEqual([' a', '-b', '+x', ' c', '+d']);
    expect(d[2]).toEqual({ op: '+', text: 'x', a: null, b: 2 });
    expect(d[3]).toEqual({ op: ' ', text: 'c', a: 3, b: 3 });
  });
  it('an identical text has no changes', () => {
    expect(diffLines('x\ny', 'x\ny').every((l) => l.op === ' ')).toBe(true);
  });
});

describe('location', () => {
  it('reads file:line:column from an error', () => {
    expect(location('TypeError at hours.js:3:7: x is not a function')).toEqual({ file: 'hours.js', line: 3, column: 7 });
    expect(location('handler.js:12')).toEqual({ file: 'handler.js', line: 12, column: 1 });
    expect(location('no location')).toBeNull();
  });
});
