import { useEffect, useState } from 'preact/hooks';
import { api, projectPath } from '../api.js';
import { nonGsm, segments } from '../segments.js';
import { ErrorNote, Field, More, Status, Time, parseVars, useAction, usePaged, usePoll } from '../ui.jsx';
import { FINAL_SMS, useHeldNumbers } from './common.js';

/** @typedef {import('../api-types').components['schemas']['Message']} Message  (generated from /openapi at build time) */

/** The live counter under the body: encoding, segments, what forced UCS-2. */
export function SegmentCounter({ body }) {
  const r = segments(body);
  const bad = r.encoding === 'UCS-2' ? nonGsm(body) : [];
  return (
    <p class="counter" id="segment-counter" aria-live="polite">
      <strong>{r.encoding}</strong> · {r.units} {r.encoding === 'GSM-7' ? 'septets' : 'UTF-16 units'} ·{' '}
      <strong>{r.segments}</strong> segment{r.segments === 1 ? '' : 's'} ({r.perSegment} per segment)
      {bad.length ? <span> — UCS-2 because of {bad.slice(0, 8).map((c) => JSON.stringify(c)).join(' ')}: outside the GSM 7-bit alphabet, every character costs a 16-bit unit and a segment holds 70 (67 when split).</span>
        : r.units > 0 ? <span> — GSM 7-bit: 160 characters in one segment, 153 when split; {'^{}[]~|€\\'} count twice.</span> : null}
    </p>
  );
}

function Send({ project, numbers, templates, onSent }) {
  const [f, setF] = useState({ from: '', to: '', body: '', templateId: '', vars: '', sendAt: '', idem: '' });
  const [sent, setSent] = useState(null);
  const action = useAction();
  const set = (k) => (e) => setF({ ...f, [k]: e.target.value });
  const submit = (e) => {
    e.preventDefault();
    action.run(async () => {
      const body = { to: f.to };
      if (f.templateId) {
        body.templateId = f.templateId;
        body.vars = parseVars(f.vars);
      } else body.body = f.body;
      if (f.from) body.from = f.from;
      if (f.sendAt) body.sendAt = new Date(f.sendAt).toISOString();
      const m = await api.post(projectPath(project, '/sms/send'), body, f.idem ? { 'Idempotency-Key': f.idem } : undefined);
      setSent(m);
      onSent(m);
    });
  };
  return (
    <section aria-labelledby="send-h">
      <h2 id="send-h">Send an SMS</h2>
      <form onSubmit={submit} aria-label="Send an SMS">
        <div class="row">
          <Field label="From" id="send-from">
            <select id="send-from" value={f.from} onChange={set('from')}>
              <option value="">the SMS number</option>
              {numbers.map((n) => <option value={n.e164}>{n.e164}</option>)}
            </select>
          </Field>
          <Field label="To" id="send-to"><input id="send-to" value={f.to} onInput={set('to')} maxLength={64} required placeholder="+14155550123" /></Field>
          <Field label="Template" id="send-template">
            <select id="send-template" value={f.templateId} onChange={set('templateId')}>
              <option value="">none (write a body)</option>
              {templates.map((t) => <option value={t.id}>{t.name}</option>)}
            </select>
          </Field>
        </div>
        {f.templateId ? (
          <Field label="Variables (name=value, one per line)" id="send-vars">
            <textarea id="send-vars" rows={3} value={f.vars} onInput={set('vars')} />
          </Field>
        ) : (
          <Field label="Body" id="send-body">
            <textarea id="send-body" rows={4} value={f.body} onInput={set('body')} maxLength={4000} required aria-describedby="segment-counter" />
          </Field>
        )}
        {!f.templateId ? <SegmentCounter body={f.body} /> : null}
        <div class="row">
          <Field label="Send at (optional, your local time)" id="send-at"><input id="send-at" type="datetime-local" value={f.sendAt} onInput={set('sendAt')} /></Field>
          <Field label="Idempotency key (optional)" id="send-idem"><input id="send-idem" value={f.idem} onInput={set('idem')} maxLength={255} /></Field>
        </div>
        <button type="submit" disabled={action.busy}>{f.sendAt ? 'Schedule' : 'Send'}</button>
        <ErrorNote error={action.error} />
      </form>
      {sent ? <p role="status">Accepted {sent.id}: {sent.segments} segment(s), {sent.encoding}, status <Status value={sent.status} />.</p> : null}
    </section>
  );
}

/** One message with its status timeline, refreshed until it reaches a final status. */
export function MessageDetail({ project, id, onChanged }) {
  const [m, setM] = useState(/** @type {Message | null} */ (null));
  const action = useAction();
  const load = async () => setM(await api.get(projectPath(project, '/sms/messages/' + id)));
  usePoll(async () => { if (!m || !FINAL_SMS.includes(m.status)) await load(); }, 1000, [id, m && m.status]);
  if (!m) return <p>Loading {id}…</p>;
  return (
    <div class="detail" id="message-detail" aria-label={'Message ' + id}>
      <h3>{m.direction === 'inbound' ? 'From ' + m.from : 'To ' + m.to} — <Status value={m.status} /></h3>
      <p class="body">{m.body}</p>
      <p><small>{m.id} · {m.encoding}, {m.segments} segment(s) · from {m.from} · {m.sendAt ? <span>scheduled for <Time iso={m.sendAt} /></span> : null}</small></p>
      {m.errorCode ? <p class="error">{m.errorCode}: {m.errorMessage}</p> : null}
      <ol class="timeline" aria-label="Status timeline">
        {(m.events || []).map((e) => <li><Status value={e.status} /> <Time iso={e.at} />{e.detail ? ' — ' + e.detail : ''}</li>)}
      </ol>
      {m.status === 'scheduled' ? (
        <button type="button" class="danger" disabled={action.busy} onClick={() => action.run(async () => {
          setM(await api.del(projectPath(project, '/sms/messages/' + id)));
          onChanged && onChanged();
        })}>Cancel scheduled message</button>
      ) : null}
      <ErrorNote error={action.error} />
    </div>
  );
}

function Messages({ project, refresh }) {
  const [f, setF] = useState({ status: '', direction: '', to: '', batch: '' });
  const [query, setQuery] = useState(f);
  const [open, setOpen] = useState(null);
  const paged = usePaged((cursor) => api.get(projectPath(project, '/sms/messages'), { ...query, limit: 20, cursor }), [query, refresh]);
  const set = (k) => (e) => setF({ ...f, [k]: e.target.value });
  return (
    <section aria-labelledby="msgs-h">
      <h2 id="msgs-h">Messages</h2>
      <form class="row" onSubmit={(e) => { e.preventDefault(); setQuery({ ...f }); }} aria-label="Filter messages">
        <Field label="Status" id="f-status">
          <select id="f-status" value={f.status} onChange={set('status')}>
            <option value="">any</option>
            {['scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'received'].map((s) => <option>{s}</option>)}
          </select>
        </Field>
        <Field label="Direction" id="f-dir">
          <select id="f-dir" value={f.direction} onChange={set('direction')}><option value="">both</option><option>outbound</option><option>inbound</option></select>
        </Field>
        <Field label="To" id="f-to"><input id="f-to" value={f.to} onInput={set('to')} maxLength={64} /></Field>
        <Field label="Bulk batch" id="f-batch"><input id="f-batch" value={f.batch} onInput={set('batch')} maxLength={40} /></Field>
        <button type="submit">Filter</button>
        <button type="button" onClick={paged.reload}>Refresh</button>
      </form>
      <table class="list" id="messages">
        <thead><tr><th>When</th><th>Direction</th><th>From → To</th><th>Body</th><th>Status</th></tr></thead>
        <tbody>
          {paged.items.map((m) => [
            <tr class={open === m.id ? 'open' : ''}>
              <td><Time iso={m.createdAt} /></td><td>{m.direction}</td><td>{m.from} → {m.to}</td>
              <td><button type="button" class="link" aria-expanded={open === m.id} onClick={() => setOpen(open === m.id ? null : m.id)}>{m.body.slice(0, 60) || '(empty)'}</button></td>
              <td><Status value={m.status} /></td>
            </tr>,
            open === m.id ? <tr><td colSpan={5}><MessageDetail project={project} id={m.id} onChanged={paged.reload} /></td></tr> : null,
          ])}
        </tbody>
      </table>
      <More paged={paged} label="messages" />
    </section>
  );
}

function Bulk({ project, templates }) {
  const [f, setF] = useState({ templateId: '', body: '', recipients: '' });
  const [batch, setBatch] = useState(null);
  const action = useAction();
  usePoll(async () => {
    if (batch && !batch.finishedAt) setBatch(await api.get(projectPath(project, '/sms/bulk/' + batch.id)));
  }, 1000, [batch && batch.id, batch && batch.status]);
  const submit = (e) => {
    e.preventDefault();
    action.run(async () => {
      const recipients = f.recipients.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
        const [to, ...rest] = l.split('|');
        return { to: to.trim(), vars: parseVars(rest.join('|')) };
      });
      const body = { recipients };
      if (f.templateId) body.templateId = f.templateId; else body.body = f.body;
      setBatch(await api.post(projectPath(project, '/sms/bulk'), body));
    });
  };
  const counts = batch && batch.counts ? Object.entries(batch.counts) : [];
  return (
    <section aria-labelledby="bulk-h">
      <h2 id="bulk-h">Bulk send</h2>
      <form onSubmit={submit} aria-label="Bulk send">
        <Field label="Template" id="bulk-template">
          <select id="bulk-template" value={f.templateId} onChange={(e) => setF({ ...f, templateId: e.target.value })}>
            <option value="">none (one body for all)</option>
            {templates.map((t) => <option value={t.id}>{t.name}</option>)}
          </select>
        </Field>
        {!f.templateId ? <Field label="Body" id="bulk-body"><textarea id="bulk-body" rows={2} value={f.body} onInput={(e) => setF({ ...f, body: e.target.value })} maxLength={4000} /></Field> : null}
        <Field label="Recipients, one per line: +1… | name=Ada | offer=20%" id="bulk-recipients">
          <textarea id="bulk-recipients" rows={4} value={f.recipients} onInput={(e) => setF({ ...f, recipients: e.target.value })} required />
        </Field>
        <button type="submit" disabled={action.busy}>Start bulk send</button>
        <ErrorNote error={action.error} />
      </form>
      {batch ? (
        <div class="detail" id="bulk-progress" role="status">
          <p>Batch {batch.id}: {batch.status} <progress max={1} value={batch.progress} aria-label="Progress" /> {Math.round(batch.progress * 100)}%</p>
          <ul>{counts.map(([k, v]) => <li>{k}: {v}</li>)}</ul>
          <p>{batch.accepted} of {batch.total} accepted, {batch.rejected} rejected{batch.finishedAt ? '; finished' : ''}.</p>
          {(batch.rejections || []).length ? <ul aria-label="Rejected recipients">{batch.rejections.map((r) => <li>#{r.index} {r.to}: {r.message} ({r.code})</li>)}</ul> : null}
        </div>
      ) : null}
    </section>
  );
}

function Templates({ project, templates, reload }) {
  const [f, setF] = useState({ name: '', body: '' });
  const [preview, setPreview] = useState({ id: null, vars: '', result: null });
  const action = useAction();
  return (
    <section aria-labelledby="tpl-h">
      <h2 id="tpl-h">Templates</h2>
      <form onSubmit={(e) => { e.preventDefault(); action.run(async () => { await api.post(projectPath(project, '/sms/templates'), f); setF({ name: '', body: '' }); reload(); }); }} aria-label="New template">
        <div class="row">
          <Field label="Name" id="tpl-name"><input id="tpl-name" value={f.name} maxLength={100} onInput={(e) => setF({ ...f, name: e.target.value })} required /></Field>
        </div>
        <Field label="Body with {{variables}}" id="tpl-body"><textarea id="tpl-body" rows={2} maxLength={4000} value={f.body} onInput={(e) => setF({ ...f, body: e.target.value })} required /></Field>
        <SegmentCounter body={f.body} />
        <button type="submit" disabled={action.busy}>Save template</button>
      </form>
      <ErrorNote error={action.error} />
      <ul class="cards">
        {templates.map((t) => (
          <li>
            <strong>{t.name}</strong> <small>{t.id}</small>
            <p class="body">{t.body}</p>
            <button type="button" onClick={() => setPreview({ id: t.id, vars: '', result: null })}>Preview</button>
            <button type="button" class="danger" onClick={() => confirm('Delete template ' + t.name + '?') && action.run(async () => { await api.del(projectPath(project, '/sms/templates/' + t.id)); reload(); })}>Delete</button>
            {preview.id === t.id ? (
              <form onSubmit={(e) => { e.preventDefault(); action.run(async () => setPreview({ ...preview, result: await api.post(projectPath(project, '/sms/templates/' + t.id + '/preview'), { vars: parseVars(preview.vars) }) })); }} aria-label={'Preview ' + t.name}>
                <Field label="Variables (name=value per line)" id={'pv-' + t.id}><textarea id={'pv-' + t.id} rows={2} value={preview.vars} onInput={(e) => setPreview({ ...preview, vars: e.target.value })} /></Field>
                <button type="submit">Render</button>
                {preview.result ? <p class="body" role="status">{preview.result.body} <small>({preview.result.encoding}, {preview.result.segments} segment(s))</small></p> : null}
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SmsPage({ project }) {
  const { numbers } = useHeldNumbers(project);
  const [templates, setTemplates] = useState([]);
  const [refresh, setRefresh] = useState(0);
  const reloadTemplates = () => api.get(projectPath(project, '/sms/templates'), { limit: 200 }).then((p) => setTemplates(p.data)).catch(() => {});
  useEffect(() => { reloadTemplates(); }, [project]);
  return (
    <div>
      <h1>SMS</h1>
      <Send project={project} numbers={numbers} templates={templates} onSent={() => setRefresh(refresh + 1)} />
      <Messages project={project} refresh={refresh} />
      <Bulk project={project} templates={templates} />
      <Templates project={project} templates={templates} reload={reloadTemplates} />
    </div>
  );
}
