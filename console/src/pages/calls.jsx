import { useState } from 'preact/hooks';
import { api, projectPath } from '../api.js';
import { ErrorNote, Field, More, Status, Time, useAction, usePaged, usePoll } from '../ui.jsx';
import { useHeldNumbers, useScripts } from './common.js';

/** Audio needs the key: fetched on demand and played from a blob URL. */
function Player({ path, label }) {
  const [url, setUrl] = useState(null);
  const action = useAction();
  if (url) return <audio controls autoplay src={url} aria-label={label} />;
  return (
    <span>
      <button type="button" disabled={action.busy} onClick={() => action.run(async () => setUrl(await api.blobUrl(path)))}>Play {label}</button>
      <ErrorNote error={action.error} />
    </span>
  );
}

function CallDetail({ project, id }) {
  const [c, setC] = useState(null);
  const action = useAction();
  const live = (s) => ['queued', 'ringing', 'in-progress'].includes(s);
  usePoll(async () => { if (!c || live(c.status)) setC(await api.get(projectPath(project, '/voice/calls/' + id))); }, 1000, [id, c && c.status]);
  if (!c) return <p>Loading {id}…</p>;
  return (
    <div class="detail" id="call-detail">
      <h3>{c.direction} {c.from} → {c.to} — <Status value={c.status} /></h3>
      <p><small>{c.id} · route {c.route || '—'} · {c.cause || ''} · {c.durationSeconds ?? 0} s</small></p>
      <ol class="timeline" aria-label="Call timeline">
        {c.events.map((e) => <li><Time iso={e.occurredAt} /> <strong>{e.type === 'status' ? e.status : e.type}</strong>{e.detail ? ' — ' + e.detail : ''}</li>)}
      </ol>
      {c.recordings.length ? <h4>Recordings</h4> : null}
      <ul>{c.recordings.map((r) => <li>{r.id} ({r.durationSeconds ?? '?'} s) <Player path={projectPath(project, '/voice/calls/' + c.id + '/recordings/' + r.id + '/audio')} label={'recording ' + r.id} /></li>)}</ul>
      {live(c.status) ? <button type="button" class="danger" onClick={() => action.run(async () => setC(await api.postEmpty(projectPath(project, '/voice/calls/' + id + '/hangup'))))}>Hang up</button> : null}
      <ErrorNote error={action.error} />
    </div>
  );
}

function Voicemails({ project }) {
  const [heard, setHeard] = useState('');
  const action = useAction();
  const paged = usePaged((cursor) => api.get(projectPath(project, '/voice/voicemails'), { heard, limit: 20, cursor }), [heard]);
  return (
    <section aria-labelledby="vm-h">
      <h2 id="vm-h">Voicemails</h2>
      <Field label="Show" id="vm-heard">
        <select id="vm-heard" value={heard} onChange={(e) => setHeard(e.target.value)}>
          <option value="">all</option><option value="false">unheard</option><option value="true">heard</option></select>
      </Field>
      <ErrorNote error={action.error} />
      <ul class="cards" id="voicemails">
        {paged.items.map((v) => (
          <li>
            <strong>{v.from}</strong> → {v.to} · <Time iso={v.createdAt || v.receivedAt} /> · {v.durationSeconds ?? '?'} s · {v.heard ? 'heard' : <strong>new</strong>}
            <div>
              <Player path={projectPath(project, '/voice/voicemails/' + v.id + '/audio')} label={'voicemail from ' + v.from} />
              {!v.heard ? <button type="button" onClick={() => action.run(async () => { await api.postEmpty(projectPath(project, '/voice/voicemails/' + v.id + '/heard')); paged.reload(); })}>Mark heard</button> : null}
              <button type="button" class="danger" onClick={() => confirm('Delete this voicemail?') && action.run(async () => { await api.del(projectPath(project, '/voice/voicemails/' + v.id)); paged.reload(); })}>Delete</button>
            </div>
          </li>
        ))}
      </ul>
      <More paged={paged} label="voicemails" />
    </section>
  );
}

function Outbound({ project, onPlaced }) {
  const { numbers } = useHeldNumbers(project);
  const { scripts } = useScripts(project);
  const [f, setF] = useState({ to: '', from: '', script: '', timeoutSeconds: '' });
  const action = useAction();
  const set = (k) => (e) => setF({ ...f, [k]: e.target.value });
  return (
    <section aria-labelledby="out-h">
      <h2 id="out-h">Place a call</h2>
      <form class="row" aria-label="Place a call" onSubmit={(e) => { e.preventDefault(); action.run(async () => {
        const body = { to: f.to, from: f.from || (numbers[0] && numbers[0].e164), script: f.script };
        if (f.timeoutSeconds) body.timeoutSeconds = Number(f.timeoutSeconds);
        onPlaced(await api.post(projectPath(project, '/voice/calls'), body));
      }); }}>
        <Field label="To" id="out-to"><input id="out-to" value={f.to} onInput={set('to')} required maxLength={64} /></Field>
        <Field label="From" id="out-from"><select id="out-from" value={f.from} onChange={set('from')}>{numbers.map((n) => <option value={n.e164}>{n.e164}</option>)}</select></Field>
        <Field label="Script run on answer" id="out-script"><select id="out-script" value={f.script} onChange={set('script')} required>
          <option value="">choose…</option>{scripts.map((s) => <option value={s.id}>{s.name}</option>)}</select></Field>
        <Field label="Ring timeout (s)" id="out-timeout"><input id="out-timeout" type="number" min={1} max={600} value={f.timeoutSeconds} onInput={set('timeoutSeconds')} /></Field>
        <button type="submit" disabled={action.busy}>Call</button>
      </form>
      <ErrorNote error={action.error} />
    </section>
  );
}

export function CallsPage({ project }) {
  const [f, setF] = useState({ status: '', direction: '', to: '', from: '' });
  const [query, setQuery] = useState(f);
  const [open, setOpen] = useState(null);
  const paged = usePaged((cursor) => api.get(projectPath(project, '/voice/calls'), { ...query, limit: 20, cursor }), [query]);
  const set = (k) => (e) => setF({ ...f, [k]: e.target.value });
  return (
    <div>
      <h1>Calls</h1>
      <Outbound project={project} onPlaced={(c) => { setOpen(c.id); paged.reload(); }} />
      <section aria-labelledby="calls-h">
        <h2 id="calls-h">Calls</h2>
        <form class="row" aria-label="Filter calls" onSubmit={(e) => { e.preventDefault(); setQuery({ ...f }); }}>
          <Field label="Status" id="c-status"><select id="c-status" value={f.status} onChange={set('status')}><option value="">any</option>
            {['queued', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'].map((s) => <option>{s}</option>)}</select></Field>
          <Field label="Direction" id="c-dir"><select id="c-dir" value={f.direction} onChange={set('direction')}><option value="">both</option><option>inbound</option><option>outbound</option></select></Field>
          <Field label="To" id="c-to"><input id="c-to" value={f.to} onInput={set('to')} maxLength={64} /></Field>
          <Field label="From" id="c-from"><input id="c-from" value={f.from} onInput={set('from')} maxLength={64} /></Field>
          <button type="submit">Filter</button>
          <button type="button" onClick={paged.reload}>Refresh</button>
        </form>
        <table class="list" id="calls">
          <thead><tr><th>When</th><th>Direction</th><th>From → To</th><th>Status</th><th>Duration</th></tr></thead>
          <tbody>
            {paged.items.map((c) => [
              <tr>
                <td><button type="button" class="link" aria-expanded={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)}><Time iso={c.createdAt} /></button></td>
                <td>{c.direction}</td><td>{c.from} → {c.to}</td><td><Status value={c.status} /></td><td>{c.durationSeconds ?? 0} s</td>
              </tr>,
              open === c.id ? <tr><td colSpan={5}><CallDetail project={project} id={c.id} /></td></tr> : null,
            ])}
          </tbody>
        </table>
        {open && !paged.items.some((c) => c.id === open) ? <CallDetail project={project} id={open} /> : null}
        <More paged={paged} label="calls" />
      </section>
      <Voicemails project={project} />
    </div>
  );
}
