import { useState } from 'preact/hooks';
import { api, projectPath } from '../api.js';
import { ErrorNote, Field, Status, Time, useAction, usePoll } from '../ui.jsx';
import { SegmentCounter } from './sms.jsx';

// Threads update live by polling (every 2 s while the tab is visible): new inbound messages appear without a reload.
const POLL_MS = 2000;

function Thread({ project, thread }) {
  const [messages, setMessages] = useState([]);
  const [more, setMore] = useState(null);
  const [body, setBody] = useState('');
  const action = useAction();
  const path = projectPath(project, '/sms/threads/' + encodeURIComponent(thread.remote.replace(/^\+/, '')));
  usePoll(async () => {
    const page = await api.get(path, { local: thread.local, limit: 200 });
    setMessages(page.data);
    setMore(page.nextCursor);
  }, POLL_MS, [thread.id]);
  const reply = (e) => {
    e.preventDefault();
    action.run(async () => {
      const m = await api.post(projectPath(project, '/sms/send'), { from: thread.local, to: thread.remote, body });
      setMessages([...messages, m]);
      setBody('');
    });
  };
  return (
    <section class="thread" aria-label={'Conversation with ' + thread.remote}>
      <h2>{thread.remote} <small>with {thread.local}</small></h2>
      <ol class="bubbles" id="thread-messages" aria-live="polite">
        {messages.map((m) => (
          <li class={'bubble ' + m.direction}>
            <p>{m.body}</p>
            <small><Time iso={m.createdAt} /> · {m.direction === 'outbound' ? <Status value={m.status} /> : 'received'}</small>
          </li>
        ))}
      </ol>
      {more ? <p><small>Showing the first 200 messages of this thread.</small></p> : null}
      <form onSubmit={reply} aria-label="Reply">
        <Field label={'Reply to ' + thread.remote} id="reply-body">
          <textarea id="reply-body" rows={2} maxLength={4000} value={body} onInput={(e) => setBody(e.target.value)} required aria-describedby="segment-counter" />
        </Field>
        <SegmentCounter body={body} />
        <button type="submit" disabled={action.busy}>Send reply</button>
        <ErrorNote error={action.error} />
      </form>
    </section>
  );
}

export function ThreadsPage({ project }) {
  const [threads, setThreads] = useState([]);
  const [next, setNext] = useState(null);
  const [limit, setLimit] = useState(50);
  const [open, setOpen] = useState(null);
  const [error, setError] = useState(null);
  usePoll(async () => {
    try {
      const page = await api.get(projectPath(project, '/sms/threads'), { limit });
      setThreads(page.data);
      setNext(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, POLL_MS, [project, limit]);
  const current = threads.find((t) => t.id === open);
  return (
    <div>
      <h1>Threads</h1>
      <ErrorNote error={error} />
      <div class="split">
        <ul class="threads" id="threads" aria-label="Conversations">
          {threads.map((t) => (
            <li>
              <button type="button" class={'link' + (t.id === open ? ' current' : '')} aria-current={t.id === open ? 'true' : undefined} onClick={() => setOpen(t.id)}>
                <strong>{t.remote}</strong> <small>→ {t.local}</small><br />
                <span class="preview">{t.lastMessage ? (t.lastMessage.direction === 'inbound' ? '' : 'You: ') + t.lastMessage.body : ''}</span><br />
                <small>{t.messages} messages · <Time iso={t.lastMessage && t.lastMessage.createdAt} /></small>
              </button>
            </li>
          ))}
          {!threads.length ? <li>No conversations yet. Text your number from the Simulator.</li> : null}
          {next ? <li><button type="button" onClick={() => setLimit(Math.min(limit + 50, 200))} disabled={limit >= 200}>Show more conversations</button></li> : null}
        </ul>
        {current ? <Thread key={current.id} project={project} thread={current} /> : <p>Choose a conversation.</p>}
      </div>
    </div>
  );
}
