// @ts-check
import { useEffect, useRef, useState } from 'preact/hooks';
import { openEvents } from './events.js';

/**
 * Keeps a page current: `refresh()` runs once, again after each project event of `types` (a burst of events is one
 * refresh), and, while the event stream is not connected, every `fallbackMs` while the tab is visible (the lists it
 * polls answer 304 while unchanged). Returns whether the stream is live.
 * @param {string} project
 * @param {string} types  webhook patterns, e.g. 'sms.*'
 * @param {(event: import('./events.js').ProjectEvent | null) => Promise<void>} refresh  null: not for an event
 * @param {number} fallbackMs
 * @param {unknown[]} deps
 */
export function useLive(project, types, refresh, fallbackMs, deps) {
  const [live, setLive] = useState(false);
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    let stopped = false;
    let running = Promise.resolve();
    /** @param {import('./events.js').ProjectEvent | null} e */
    const run = (e) => {
      running = running.then(() => (stopped ? undefined : latest.current(e))).catch(() => undefined);
      return running;
    };
    run(null);
    let isLive = false;
    const close = openEvents(project, {
      types,
      onEvent: (e) => { run(e); },
      onLive: (l) => { isLive = l; setLive(l); if (l) run(null); },
    });
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const tick = async () => {
      if (stopped) return;
      if (!isLive && !document.hidden) await run(null);
      if (!stopped) timer = setTimeout(tick, fallbackMs);
    };
    timer = setTimeout(tick, fallbackMs);
    return () => { stopped = true; close(); clearTimeout(timer); };
  }, [project, types, ...deps]);
  return live;
}
