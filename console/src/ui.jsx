import { useEffect, useRef, useState, useCallback } from 'preact/hooks';

/** An API error as the API said it: message, code and the field it is about. */
export function ErrorNote({ error }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error.message}
      {error.code ? <span class="code"> ({error.code}{error.field ? ', field ' + error.field : ''})</span> : null}
    </p>
  );
}

/** @param {{label: string, id: string, children?: any, hint?: string}} props */
export function Field({ label, id, children, hint }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint ? <small id={id + '-hint'}>{hint}</small> : null}
    </div>
  );
}

export function Time({ iso }) {
  if (!iso) return <span>—</span>;
  const d = new Date(iso);
  return <time datetime={iso} title={iso}>{d.toLocaleString()}</time>;
}

export function Money({ m }) {
  if (!m) return <span>—</span>;
  return <span>{(m.amount / 100).toFixed(2)} {m.currency}</span>;
}

export function Status({ value }) {
  return <span class={'status status-' + value}>{value}</span>;
}

/** Runs an async action, keeping its error and a busy flag for the button that started it. */
export function useAction() {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (fn) => {
    setError(null);
    setBusy(true);
    try {
      return await fn();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { error, busy, run, setError };
}

/**
 * A listing that pages with the API's cursors: `load(cursor)` returns {data, nextCursor}. `reload` starts over;
 * `more` appends the next page. Reloads when a dependency changes.
 */
export function usePaged(load, deps) {
  const [items, setItems] = useState([]);
  const [next, setNext] = useState(null);
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);
  const fetchPage = async (cursor, append) => {
    const g = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await load(cursor);
      if (g !== generation.current) return;
      setItems((old) => (append ? [...old, ...page.data] : page.data));
      setNext(page.nextCursor || null);
    } catch (e) {
      if (g === generation.current) setError(e);
    } finally {
      if (g === generation.current) setLoading(false);
    }
  };
  useEffect(() => { fetchPage(null, false); }, deps);
  return { items, next, error, loading, reload: () => fetchPage(null, false), more: () => fetchPage(next, true) };
}

export function More({ paged, label }) {
  return (
    <div class="pager">
      <ErrorNote error={paged.error} />
      {paged.next ? <button type="button" onClick={paged.more} disabled={paged.loading}>Load more {label || ''}</button>
        : <small>{paged.loading ? 'Loading…' : paged.items.length ? 'End of list' : 'Nothing here yet'}</small>}
    </div>
  );
}

/** Calls `fn` now and every `ms` while mounted (and the tab is visible); a failure is kept, not thrown. */
export function usePoll(fn, ms, deps) {
  useEffect(() => {
    let stopped = false;
    let timer = null;
    const tick = async () => {
      if (stopped) return;
      if (!document.hidden) {
        try { await fn(); } catch { /* the next tick tries again; pages show their own errors */ }
      }
      if (!stopped) timer = setTimeout(tick, ms);
    };
    tick();
    return () => { stopped = true; clearTimeout(timer); };
  }, deps);
}

/** "k=v" lines (or "k=v | k2=v2") as an object. */
export function parseVars(text) {
  const vars = {};
  for (const part of (text || '').split(/\n|\|/)) {
    const i = part.indexOf('=');
    if (i > 0) vars[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return vars;
}
