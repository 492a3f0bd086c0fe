import { useEffect, useState } from 'preact/hooks';
import { api, projectPath } from '../api.js';
import { ErrorNote, Field, More, Status, Time, useAction, usePaged } from '../ui.jsx';

export const EVENT_TYPES = ['sms.*', 'sms.inbound', 'sms.status', 'call.*', 'call.initiated', 'call.ringing',
  'call.answered', 'call.gather', 'call.completed'];

function EventPicker({ value, onChange, idPrefix }) {
  return (
    <fieldset class="events">
      <legend>Event types</legend>
      {EVENT_TYPES.map((t) => (
        <label><input type="checkbox" id={idPrefix + t} checked={value.includes(t)}
          onChange={(e) => onChange(e.target.checked ? [...value, t] : value.filter((x) => x !== t))} /> {t}</label>
      ))}
    </fieldset>
  );
}

/** A signing secret, shown exactly once (creation or rotation): the server keeps only its hash hint. */
function OnceSecret({ secret, onDone }) {
  if (!secret) return null;
  return (
    <p class="secret" role="status">Signing secret (shown once, copy it now): <code class="once" id="webhook-secret">{secret}</code>
      <button type="button" onClick={onDone}>I copied it</button></p>
  );
}

function Endpoint({ project, w, reload }) {
  const [secret, setSecret] = useState(null);
  const [edit, setEdit] = useState(null);
  const action = useAction();
  const path = projectPath(project, '/webhooks/' + w.id);
  return (
    <li>
      <strong>{w.url}</strong> {w.active ? '' : <em>(paused)</em>} <small>{w.id}</small>
      <p>{w.events.join(', ')}{w.description ? ' — ' + w.description : ''}</p>
      <p><small>Secrets: {w.secrets.map((s) => s.hint + (s.expiresAt ? ' (until ' + new Date(s.expiresAt).toLocaleString() + ')' : '')).join(', ')}</small></p>
      <button type="button" onClick={() => action.run(async () => { setSecret((await api.post(path + '/rotate', {})).secret); reload(); })}>Rotate secret</button>
      <button type="button" onClick={() => action.run(async () => { await api.patch(path, { active: !w.active }); reload(); })}>{w.active ? 'Pause' : 'Resume'}</button>
      <button type="button" onClick={() => setEdit(edit ? null : { url: w.url, events: w.events, description: w.description || '' })}>Edit</button>
      <button type="button" class="danger" onClick={() => confirm('Delete ' + w.url + '? Pending deliveries are dead-lettered.') && action.run(async () => { await api.del(path); reload(); })}>Delete</button>
      <OnceSecret secret={secret} onDone={() => setSecret(null)} />
      {edit ? (
        <form aria-label={'Edit ' + w.url} onSubmit={(e) => { e.preventDefault(); action.run(async () => { await api.patch(path, edit); setEdit(null); reload(); }); }}>
          <Field label="URL" id={'e-url-' + w.id}><input id={'e-url-' + w.id} value={edit.url} maxLength={2048} onInput={(e) => setEdit({ ...edit, url: e.target.value })} /></Field>
          <EventPicker idPrefix={'e-' + w.id} value={edit.events} onChange={(events) => setEdit({ ...edit, events })} />
          <Field label="Description" id={'e-desc-' + w.id}><input id={'e-desc-' + w.id} value={edit.description} maxLength={500} onInput={(e) => setEdit({ ...edit, description: e.target.value })} /></Field>
          <button type="submit">Save</button>
        </form>
      ) : null}
      <ErrorNote error={action.error} />
    </li>
  );
}

function Delivery({ project, id, onChanged }) {
  const [d, setD] = useState(null);
  const action = useAction();
  const load = () => action.run(async () => setD(await api.get(projectPath(project, '/webhooks/deliveries/' + id))));
  useEffect(() => { load(); }, [id]);
  if (!d) return <ErrorNote error={action.error} />;
  return (
    <div class="detail">
      <p>{d.eventType} for {d.resourceId} → {d.endpointId || d.callbackUrl} · <Status value={d.status} /> · {d.attempts} attempt(s)
        {d.nextAttemptAt && d.status === 'pending' ? <span>, next <Time iso={d.nextAttemptAt} /></span> : null}</p>
      <ol class="timeline" aria-label="Attempts">
        {(d.attemptLog || []).map((a) => <li><Time iso={a.at} /> {a.statusCode ? 'HTTP ' + a.statusCode : 'no answer'} {a.error || ''} {a.redelivery ? '(redelivery)' : ''}</li>)}
      </ol>
      {['failed', 'dead'].includes(d.status) ? <button type="button" onClick={() => action.run(async () => { setD(await api.postEmpty(projectPath(project, '/webhooks/deliveries/' + id + '/redeliver'))); onChanged(); })}>Redeliver</button> : null}
      <ErrorNote error={action.error} />
    </div>
  );
}

export function WebhooksPage({ project }) {
  const [endpoints, setEndpoints] = useState([]);
  const [f, setF] = useState({ url: '', events: ['sms.*'], description: '' });
  const [secret, setSecret] = useState(null);
  const [filter, setFilter] = useState({ status: '', event: '', endpoint: '' });
  const [open, setOpen] = useState(null);
  const action = useAction();
  const reload = () => api.get(projectPath(project, '/webhooks')).then((r) => setEndpoints(r.data)).catch(action.setError);
  useEffect(() => { reload(); }, [project]);
  const paged = usePaged((cursor) => api.get(projectPath(project, '/webhooks/deliveries'), { ...filter, limit: 20, cursor }), [filter]);
  return (
    <div>
      <h1>Webhooks</h1>
      <section aria-labelledby="wh-new-h">
        <h2 id="wh-new-h">New endpoint</h2>
        <form aria-label="New webhook endpoint" onSubmit={(e) => { e.preventDefault(); action.run(async () => {
          const body = { url: f.url, events: f.events };
          if (f.description) body.description = f.description;
          const w = await api.post(projectPath(project, '/webhooks'), body);
          setSecret(w.secret);
          setF({ url: '', events: ['sms.*'], description: '' });
          reload();
        }); }}>
          <Field label="URL" id="wh-url"><input id="wh-url" value={f.url} maxLength={2048} placeholder="https://…" onInput={(e) => setF({ ...f, url: e.target.value })} required /></Field>
          <EventPicker idPrefix="wh-" value={f.events} onChange={(events) => setF({ ...f, events })} />
          <Field label="Description" id="wh-desc"><input id="wh-desc" value={f.description} maxLength={500} onInput={(e) => setF({ ...f, description: e.target.value })} /></Field>
          <button type="submit" disabled={action.busy}>Add endpoint</button>
        </form>
        <OnceSecret secret={secret} onDone={() => setSecret(null)} />
        <ErrorNote error={action.error} />
      </section>
      <section aria-labelledby="wh-list-h">
        <h2 id="wh-list-h">Endpoints</h2>
        <ul class="cards" id="webhooks">{endpoints.map((w) => <Endpoint key={w.id} project={project} w={w} reload={reload} />)}</ul>
        {!endpoints.length ? <p>No endpoints yet.</p> : null}
      </section>
      <section aria-labelledby="wh-log-h">
        <h2 id="wh-log-h">Delivery log</h2>
        <form class="row" aria-label="Filter deliveries" onSubmit={(e) => e.preventDefault()}>
          <Field label="Status" id="d-status"><select id="d-status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
            <option value="">any</option><option>pending</option><option>failed</option><option>succeeded</option><option>dead</option></select></Field>
          <Field label="Event" id="d-event"><input id="d-event" value={filter.event} maxLength={64} onChange={(e) => setFilter({ ...filter, event: e.target.value })} /></Field>
          <Field label="Endpoint" id="d-endpoint"><select id="d-endpoint" value={filter.endpoint} onChange={(e) => setFilter({ ...filter, endpoint: e.target.value })}>
            <option value="">any</option>{endpoints.map((w) => <option value={w.id}>{w.url}</option>)}</select></Field>
          <button type="button" onClick={paged.reload}>Refresh</button>
        </form>
        <table class="list" id="deliveries">
          <thead><tr><th>When</th><th>Event</th><th>Status</th><th>Attempts</th><th>Last answer</th></tr></thead>
          <tbody>
            {paged.items.map((d) => [
              <tr>
                <td><button type="button" class="link" aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}><Time iso={d.createdAt} /></button></td>
                <td>{d.eventType}</td><td><Status value={d.status} /></td><td>{d.attempts}</td><td>{d.lastStatusCode || d.lastError || '—'}</td>
              </tr>,
              open === d.id ? <tr><td colSpan={5}><Delivery project={project} id={d.id} onChanged={paged.reload} /></td></tr> : null,
            ])}
          </tbody>
        </table>
        <More paged={paged} label="deliveries" />
      </section>
    </div>
  );
}
