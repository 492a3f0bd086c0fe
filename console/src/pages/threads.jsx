// @ts-check
import { useRef, useState } from 'preact/hooks';
import { api, projectPath } from '../api.js';
import { get, getIfChanged } from '../typed.js';
import { useLive } from '../live.js';
import { ErrorNote, Field, Status, Time, useAction } from '../ui.jsx';
import { SegmentCounter } from './sms.jsx';

// Threads update live from the project's event stream (sms.inbound, sms.status); while the stream is down they
// poll every 3 s with If-None-Match (a 304 costs nothing). Both lists page with the API's cursors.
const FALLBACK_MS = 3000;
const PAGE = 50;

/** @typedef {import('../typed.js').Schemas['Message']} Message */
/** @typedef {import('../typed.js').Schemas['Thread']} Thread */

/**
 * One conversation, oldest first. The API pages a thread forward in time (cursor = the last message you have),
 * so the first load pages to the end, and each refresh asks only for what came after the last message shown;
 * a status event updates that message's bubble in place.
 * @param {{project: string, thread: Thread}} props
 */
function ThreadView({ project, thread }) {
  const [messages, setMessages] = useState(/** @type {Message[]} */ ([]));
  const [body, setBody] = useState('');
  const action = useAction();
  const shown = useRef(/** @type {Message[]} */ ([]));
  const values = { id: project, remote: thread.remote.replace(/^\+/, '') };
  const show = (/** @type {Message[]} */ list) => { shown.current = list; setMessages(list); };
  useLive(project, 'sms.*', async (e) => {
    if (e && e.type === 'sms.status' && shown.current.some((m) => m.id === e.resourceId)) {
      const fresh = await get('/v1/projects/{id}/sms/messages/{mid}', { id: project, mid: e.resourceId });
      show(shown.current.map((m) => (m.id === fresh.id ? fresh : m)));
      return;
    }
    let list = shown.current;
    let cursor = list.length ? list[list.length - 1].id : undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await get('/v1/projects/{id}/sms/threads/{remote}', values, { local: thread.local, limit: 200, cursor });
      list = list.concat(page.data.filter((m) => !list.some((x) => x.id === m.id)));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    if (list.length !== shown.current.length) show(list);
  }, FALLBACK_MS, [thread.id]);
  /** @param {Event} e */
  const reply = (e) => {
    e.preventDefault();
    action.run(async () => {
      const m = await api.post(projectPath(project, '/sms/send'), { from: thread.local, to: thread.remote, body });
      if (!shown.current.some((x) => x.id === m.id)) show(shown.current.concat([m]));
      setBody('');
    });
  };
  return (
    <section class="thread" aria-labelledby="thread-h">
      <h2 id="thread-h">{thread.remote} <small>with {thread.local}</small></h2>
      <ol class="bubbles" id="thread-messages" aria-live="polite" aria-label={'Messages with ' + thread.remote}>
        {messages.map((m) => (
          <li class={'bubble ' + m.direction} key={m.id}>
            <p>{m.body}</p>
            <small><Time iso={m.createdAt} /> · {m.direction === 'outbound' ? <Status value={m.status} /> : 'received'}</small>
          </li>
        ))}
      </ol>
      <form onSubmit={reply} aria-label="Reply">
        <Field label={'Reply to ' + thread.remote} id="reply-body">
          <textarea id="reply-body" rows={2} maxLength={4000} value={body}
            onInput={(e) => setBody(/** @type {HTMLTextAreaElement} */ (e.target).value)} required aria-describedby="segment-counter" />
        </Field>
        <SegmentCounter body={body} />
        <button type="submit" disabled={action.busy}>Send reply</button>
        <ErrorNote error={action.error} />
      </form>
    </section>
  );
}

/**
 * The project's conversations, most recent first. The first page is refreshed live (If-None-Match: unchanged is a
 * 304); "More conversations" follows nextCursor and keeps the older pages it loaded.
 * @param {{project: string}} props
 */
export function ThreadsPage({ project }) {
  const [first, setFirst] = useState(/** @type {Thread[]} */ ([]));
  const [older, setOlder] = useState(/** @type {Thread[]} */ ([]));
  const [next, setNext] = useState(/** @type {string | null} */ (null));
  const [open, setOpen] = useState(/** @type {string | null} */ (null));
  const [error, setError] = useState(/** @type {unknown} */ (null));
  const etag = useRef(/** @type {string | null} */ (null));
  const more = useAction();
  const live = useLive(project, 'sms.*', async () => {
    try {
      const r = await getIfChanged('/v1/projects/{id}/sms/threads', { id: project }, { limit: PAGE }, etag.current);
      setError(null);
      if (!r) return;
      etag.current = r.etag;
      setFirst(r.body.data);
      if (!older.length) setNext(r.body.nextCursor);
    } catch (e) {
      setError(e);
    }
  }, FALLBACK_MS, []);
  const firstIds = new Set(first.map((t) => t.id));
  const threads = first.concat(older.filter((t) => !firstIds.has(t.id)));
  const current = threads.find((t) => t.id === open);
  const loadMore = () => more.run(async () => {
    if (!next) return;
    const page = await get('/v1/projects/{id}/sms/threads', { id: project }, { limit: PAGE, cursor: next });
    setOlder(older.concat(page.data));
    setNext(page.nextCursor);
  });
  return (
    <div>
      <h1>Threads</h1>
      <p><small id="threads-live" class={live ? 'live' : ''}>{live ? 'Live: new messages appear as they arrive.' : 'Refreshing every few seconds.'}</small></p>
      <ErrorNote error={error} />
      <div class="split">
        <ul class="threads" id="threads" aria-label="Conversations">
          {threads.map((t) => (
            <li key={t.id}>
              <button type="button" class={'link' + (t.id === open ? ' current' : '')} aria-current={t.id === open ? 'true' : undefined} onClick={() => setOpen(t.id)}>
                <strong>{t.remote}</strong> <small>→ {t.local}</small><br />
                <span class="preview">{t.lastMessage ? (t.lastMessage.direction === 'inbound' ? '' : 'You: ') + t.lastMessage.body : ''}</span><br />
                <small>{t.messages} messages · <Time iso={t.lastMessage && t.lastMessage.createdAt} /></small>
              </button>
            </li>
          ))}
          {!threads.length ? <li>No conversations yet. Text your number from the Simulator.</li> : null}
          {next ? <li><button type="button" onClick={loadMore} disabled={more.busy}>More conversations</button></li> : null}
        </ul>
        {current ? <ThreadView key={current.id} project={project} thread={current} /> : <p>Choose a conversation.</p>}
      </div>
      <ErrorNote error={more.error} />
    </div>
  );
}
