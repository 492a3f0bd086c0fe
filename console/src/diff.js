// A line diff (longest common subsequence) for comparing script versions: [{op: ' '|'-'|'+', text, a, b}], where
// a and b are the 1-based line numbers in the old and the new text (null on the side a line is missing from).
export function diffLines(oldText, newText) {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) {
    return [...a.map((t, i) => ({ op: '-', text: t, a: i + 1, b: null })),
      ...b.map((t, j) => ({ op: '+', text: t, a: null, b: j + 1 }))];
  }
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i], a: i + 1, b: j + 1 });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ op: '-', text: a[i], a: i + 1, b: null });
      i++;
    } else {
      out.push({ op: '+', text: b[j], a: null, b: j + 1 });
      j++;
    }
  }
  for (; i < n; i++) out.push({ op: '-', text: a[i], a: i + 1, b: null });
  for (; j < m; j++) out.push({ op: '+', text: b[j], a: null, b: j + 1 });
  return out;
}

/** file:line:column in an error location or message ("hours.js:3:7"), as {file, line, column}, or null. */
export function location(text) {
  const m = /([\w.\-/]+\.m?js):(\d+)(?::(\d+))?/.exec(text || '');
  return m ? { file: m[1], line: Number(m[2]), column: m[3] ? Number(m[3]) : 1 } : null;
}
