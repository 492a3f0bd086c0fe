// Completion for handler code from the handler types (samples/cantila.d.ts, bundled at build time): members of
// CantilaSms, CantilaCall and CantilaCtx (and ctx.log / ctx.kv / ctx.sms), offered after `sms.`, `call.`, `ctx.`.
const ROOTS = { CantilaSms: 'sms', CantilaCall: 'call', CantilaCtx: 'ctx' };

/** {'call': [{label, type, info}], 'ctx.log': [...], ...} from the text of cantila.d.ts. */
export function membersFromTypes(dts) {
  const out = {};
  let root = null;
  const nested = [];
  let doc = '';
  for (const raw of dts.split('\n')) {
    const line = raw.trim();
    const start = /^interface (\w+) \{$/.exec(line);
    if (start) {
      root = ROOTS[start[1]] || null;
      nested.length = 0;
      continue;
    }
    if (!root) continue;
    if (line.startsWith('/**')) {
      doc = line.replace(/^\/\*\*\s?/, '').replace(/\s?\*\/$/, '');
      continue;
    }
    if (line.startsWith('*')) {
      doc += ' ' + line.replace(/^\*\/?\s?/, '');
      continue;
    }
    if (line === '}' || line === '};') {
      if (nested.length) nested.pop();
      else root = null;
      continue;
    }
    const obj = /^(?:readonly )?(\w+): \{$/.exec(line);
    const member = /^(?:readonly )?(\w+)(\??)(\(|:)/.exec(line);
    const path = [root, ...nested].join('.');
    if (obj) {
      (out[path] ||= []).push({ label: obj[1], type: 'property', info: doc.trim() });
      nested.push(obj[1]);
    } else if (member) {
      (out[path] ||= []).push({ label: member[1], type: member[3] === '(' ? 'method' : 'property', info: doc.trim() || line });
    }
    doc = '';
  }
  return out;
}

/** The completion source for CodeMirror: members after a known object path (`ctx.log.` → info, warn, error). */
export function handlerCompletions(members) {
  return (context) => {
    const word = context.matchBefore(/[\w.]*\.\w*$/);
    if (!word) return null;
    const dot = word.text.lastIndexOf('.');
    const options = members[word.text.slice(0, dot)];
    if (!options) return null;
    return { from: word.from + dot + 1, options, validFor: /^\w*$/ };
  };
}
