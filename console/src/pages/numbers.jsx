import { useEffect, useState } from 'preact/hooks';
import { api, numberPath, projectPath } from '../api.js';
import { ErrorNote, Field, Money, More, Time, useAction, usePaged } from '../ui.jsx';
import { useHeldNumbers, useScripts } from './common.js';

function Caps({ c }) {
  return <span>{['sms', 'voice', 'mms'].filter((k) => c && c[k]).join(', ') || '—'}</span>;
}

function Catalog({ project, onBought }) {
  const [f, setF] = useState({ country: 'US', areaCode: '', type: '', capability: '', contains: '' });
  const [query, setQuery] = useState(f);
  const paged = usePaged((cursor) => api.get('/v1/numbers/catalog', { ...query, limit: 10, cursor }), [query]);
  const buy = useAction();
  const set = (k) => (e) => setF({ ...f, [k]: e.target.value });
  return (
    <section aria-labelledby="catalog-h">
      <h2 id="catalog-h">Buy a number</h2>
      <form class="row" onSubmit={(e) => { e.preventDefault(); setQuery({ ...f }); }} aria-label="Search the catalog">
        <Field label="Country" id="cat-country">
          <select id="cat-country" value={f.country} onChange={set('country')}>
            <option>US</option><option>CA</option><option>GB</option></select>
        </Field>
        <Field label="Area code" id="cat-area"><input id="cat-area" value={f.areaCode} onInput={set('areaCode')} maxLength={8} /></Field>
        <Field label="Type" id="cat-type">
          <select id="cat-type" value={f.type} onChange={set('type')}>
            <option value="">any</option><option>local</option><option>mobile</option><option>tollfree</option></select>
        </Field>
        <Field label="Capability" id="cat-cap">
          <select id="cat-cap" value={f.capability} onChange={set('capability')}>
            <option value="">any</option><option>sms</option><option>voice</option><option>mms</option></select>
        </Field>
        <Field label="Contains" id="cat-contains"><input id="cat-contains" value={f.contains} onInput={set('contains')} maxLength={20} /></Field>
        <button type="submit">Search</button>
      </form>
      <ErrorNote error={buy.error} />
      <table class="list" id="catalog">
        <thead><tr><th>Number</th><th>Type</th><th>Capabilities</th><th>Setup</th><th>Monthly</th><th><span class="sr-only">Action</span></th></tr></thead>
        <tbody>
          {paged.items.map((n) => (
            <tr>
              <td>{n.e164}</td><td>{n.type} ({n.areaCode})</td><td><Caps c={n.capabilities} /></td>
              <td><Money m={n.setupFee} /></td><td><Money m={n.monthlyFee} /></td>
              <td><button type="button" disabled={buy.busy} aria-label={'Buy ' + n.e164}
                onClick={() => buy.run(async () => {
                  await api.post('/v1/numbers', { projectId: project, e164: n.e164 });
                  paged.reload();
                  onBought();
                })}>Buy</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <More paged={paged} label="numbers" />
    </section>
  );
}

function describeRoute(r) {
  if (!r) return 'not routed';
  if (r.kind === 'voicemail') return 'voicemail';
  return r.kind + ' ' + (r.target || '');
}

/** Routing of one held number: SMS and voice, each to a script, a URL, a forward (voice also voicemail) or nothing. */
function RoutingEditor({ e164, scripts, onSaved }) {
  const [routing, setRouting] = useState(null);
  const [sms, setSms] = useState({ kind: '', target: '' });
  const [voice, setVoice] = useState({ kind: '', target: '' });
  const action = useAction();
  useEffect(() => {
    action.run(async () => {
      const r = await api.get('/v1/numbers/' + numberPath(e164) + '/routing');
      setRouting(r);
      setSms(r.sms ? { kind: r.sms.kind, target: r.sms.target || '' } : { kind: '', target: '' });
      setVoice(r.voice ? { kind: r.voice.kind, target: r.voice.target || '' } : { kind: '', target: '' });
    });
  }, [e164]);
  const toBody = (t) => (!t.kind ? null : t.kind === 'voicemail' ? { voicemail: true } : { [t.kind]: t.target });
  const save = (e) => {
    e.preventDefault();
    action.run(async () => {
      setRouting(await api.put('/v1/numbers/' + numberPath(e164) + '/routing', { sms: toBody(sms), voice: toBody(voice) }));
      onSaved && onSaved();
    });
  };
  const id = e164.replace(/\W/g, '');
  const picker = (label, value, setValue, voiceKinds) => (
    <fieldset>
      <legend>{label}</legend>
      <label for={id + label + 'kind'}>Route to</label>
      <select id={id + label + 'kind'} value={value.kind} onChange={(e) => setValue({ kind: e.target.value, target: '' })}>
        <option value="">nothing</option><option value="script">a script</option><option value="url">a URL</option>
        <option value="forward">a phone number</option>{voiceKinds ? <option value="voicemail">voicemail</option> : null}
      </select>
      {value.kind === 'script' ? (
        <select aria-label={label + ' script'} value={value.target} onChange={(e) => setValue({ ...value, target: e.target.value })} required>
          <option value="">choose…</option>
          {scripts.map((s) => <option value={s.id}>{s.name} ({s.id})</option>)}
        </select>
      ) : value.kind === 'url' || value.kind === 'forward' ? (
        <input aria-label={label + ' ' + value.kind} value={value.target} maxLength={2048}
          placeholder={value.kind === 'url' ? 'https://…' : '+1…'} onInput={(e) => setValue({ ...value, target: e.target.value })} required />
      ) : null}
    </fieldset>
  );
  return (
    <form class="routing" onSubmit={save} aria-label={'Routing of ' + e164}>
      <p>SMS: {describeRoute(routing && routing.sms)} · Voice: {describeRoute(routing && routing.voice)}</p>
      {picker('SMS', sms, setSms, false)}
      {picker('Voice', voice, setVoice, true)}
      <button type="submit" disabled={action.busy}>Save routing</button>
      <ErrorNote error={action.error} />
    </form>
  );
}

function Held({ project, held }) {
  const { scripts } = useScripts(project);
  const [open, setOpen] = useState(null);
  const action = useAction();
  return (
    <section aria-labelledby="held-h">
      <h2 id="held-h">Your numbers</h2>
      <ErrorNote error={action.error} />
      <table class="list" id="held">
        <thead><tr><th>Number</th><th>Type</th><th>Capabilities</th><th>Monthly</th><th>Since</th><th><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {held.numbers.map((n) => [
            <tr>
              <td>{n.e164}</td><td>{n.type}</td><td><Caps c={n.capabilities} /></td><td><Money m={n.monthlyFee} /></td>
              <td><Time iso={n.acquiredAt} /></td>
              <td>
                <button type="button" aria-expanded={open === n.e164} onClick={() => setOpen(open === n.e164 ? null : n.e164)}>Routing</button>
                <button type="button" class="danger" aria-label={'Release ' + n.e164} disabled={action.busy}
                  onClick={() => confirm('Release ' + n.e164 + '? It goes back to the catalog.') && action.run(async () => {
                    await api.del('/v1/numbers/' + numberPath(n.e164));
                    held.reload();
                  })}>Release</button>
              </td>
            </tr>,
            open === n.e164 ? <tr><td colSpan={6}><RoutingEditor e164={n.e164} scripts={scripts} /></td></tr> : null,
          ])}
        </tbody>
      </table>
      {!held.numbers.length ? <p>No numbers yet: buy one below, or activate SMS.</p> : null}
    </section>
  );
}

/** SMS activation: the number, the variables it injects into the project's environment, deactivate. */
function Activation({ project, held }) {
  const [number, setNumber] = useState(undefined);
  const [f, setF] = useState({ country: 'US', numberType: 'local', e164: '' });
  const action = useAction();
  const load = () => action.run(async () => {
    try {
      setNumber(await api.get(projectPath(project, '/sms/number')));
    } catch (e) {
      if (e.code !== 'sms_not_active') throw e;
      setNumber(null);
    }
  });
  useEffect(() => { load(); }, [project]);
  const activate = (e) => {
    e.preventDefault();
    action.run(async () => {
      const body = { country: f.country, numberType: f.numberType };
      if (f.e164) body.e164 = f.e164;
      await api.post(projectPath(project, '/sms/activate'), body);
      await load();
      held.reload();
    });
  };
  const vars = number && number.env ? Object.entries(number.env) : [];
  return (
    <section aria-labelledby="act-h" id="sms-activation">
      <h2 id="act-h">SMS activation</h2>
      {number ? (
        <div>
          <p>SMS is <strong>active</strong> on <strong id="sms-number">{number.e164}</strong> since <Time iso={number.activatedAt} />.</p>
          <p>Variables injected into the project's environment (handlers read them as <code>ctx.env</code>):</p>
          <dl class="env">{vars.map(([k, v]) => [<dt>{k}</dt>, <dd><code>{v}</code></dd>])}</dl>
          <button type="button" class="danger" disabled={action.busy} onClick={() => confirm('Deactivate SMS? The number is released and its SMS key revoked.')
            && action.run(async () => { await api.postEmpty(projectPath(project, '/sms/deactivate')); await load(); held.reload(); })}>Deactivate SMS</button>
        </div>
      ) : number === null ? (
        <form class="row" onSubmit={activate} aria-label="Activate SMS">
          <Field label="Country" id="act-country">
            <select id="act-country" value={f.country} onChange={(e) => setF({ ...f, country: e.target.value })}>
              <option>US</option><option>CA</option><option>GB</option></select>
          </Field>
          <Field label="Number type" id="act-type">
            <select id="act-type" value={f.numberType} onChange={(e) => setF({ ...f, numberType: e.target.value })}>
              <option>local</option><option>mobile</option><option>tollfree</option></select>
          </Field>
          <Field label="Use a number you hold (optional)" id="act-e164">
            <select id="act-e164" value={f.e164} onChange={(e) => setF({ ...f, e164: e.target.value })}>
              <option value="">the first available</option>
              {held.numbers.map((n) => <option value={n.e164}>{n.e164}</option>)}
            </select>
          </Field>
          <button type="submit" disabled={action.busy}>Activate SMS</button>
        </form>
      ) : <p>Loading…</p>}
      <ErrorNote error={action.error} />
    </section>
  );
}

export function NumbersPage({ project }) {
  const held = useHeldNumbers(project);
  return (
    <div>
      <h1>Numbers</h1>
      <Activation project={project} held={held} />
      <Held project={project} held={held} />
      <Catalog project={project} onBought={held.reload} />
    </div>
  );
}
