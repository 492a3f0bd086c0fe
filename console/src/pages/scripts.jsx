import { useEffect, useRef, useState } from 'preact/hooks';
import { api, numberPath, projectPath } from '../api.js';
import { diffLines } from '../diff.js';
import { Editor } from '../editor.jsx';
import { ErrorNote, Field, Time, useAction } from '../ui.jsx';
import { useHeldNumbers, useScripts } from './common.js';
import { Executions } from './executions.jsx';

const STARTER = `/** @param {CantilaSms} sms @param {CantilaCtx} ctx */
export async function onSms(sms, ctx) {
  ctx.log.info('got', sms.body);
  return ctx.reply('Thanks! We got: ' + sms.body);
}

/** @param {CantilaCall} call @param {CantilaCtx} ctx */
export async function onCall(call, ctx) {
  await call.say('Hello from Cantila.');
  const digit = await call.gather({ numDigits: 1, timeoutSeconds: 10, prompt: { say: 'Press 1 for sales, 2 for support.' } });
  ctx.log.info('pressed', digit || '(none)');
  await call.say(digit === '1' ? 'Connecting you to sales.' : 'Connecting you to support.');
}
`;

const STARTER_SCENARIO = `name: a text gets a reply
steps:
  - sms: hello
  - expect: {reply: /Thanks/}
`;

function Diff({ from, to, label }) {
  const lines = diffLines(from, to);
  const changed = lines.filter((l) => l.op !== ' ').length;
  return (
    <div class="diff" aria-label={label}>
      <p>{label}: {changed ? changed + ' changed line(s)' : 'no changes'}</p>
      <pre>{lines.map((l) => <div class={'d' + (l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'same')}>
        <span class="ln">{l.a ?? ''}</span><span class="ln">{l.b ?? ''}</span>{l.op} {l.text}</div>)}</pre>
    </div>
  );
}

function Bind({ project, script }) {
  const { numbers } = useHeldNumbers(project);
  const [f, setF] = useState({ e164: '', sms: true, voice: true });
  const [done, setDone] = useState(null);
  const action = useAction();
  const number = f.e164 || (numbers[0] && numbers[0].e164) || '';
  return (
    <form class="row" aria-label="Bind to a number" onSubmit={(e) => { e.preventDefault(); action.run(async () => {
      const path = '/v1/numbers/' + numberPath(number) + '/routing';
      const r = await api.get(path);
      const target = { script: script.id };
      const keep = (t) => (!t ? null : t.kind === 'voicemail' ? { voicemail: true } : { [t.kind]: t.target });
      setDone(await api.put(path, { sms: f.sms ? target : keep(r.sms), voice: f.voice ? target : keep(r.voice) }));
    }); }}>
      <Field label="Number" id="bind-number"><select id="bind-number" value={number} onChange={(e) => setF({ ...f, e164: e.target.value })}>
        {numbers.map((n) => <option value={n.e164}>{n.e164}</option>)}</select></Field>
      <label><input type="checkbox" checked={f.sms} onChange={(e) => setF({ ...f, sms: e.target.checked })} /> SMS</label>
      <label><input type="checkbox" checked={f.voice} onChange={(e) => setF({ ...f, voice: e.target.checked })} /> Voice</label>
      <button type="submit" disabled={action.busy || !number}>Bind</button>
      {done ? <span role="status">{done.e164}: SMS → {done.sms ? done.sms.kind + ' ' + (done.sms.target || '') : 'nothing'}, voice → {done.voice ? done.voice.kind + ' ' + (done.voice.target || '') : 'nothing'}</span> : null}
      <ErrorNote error={action.error} />
    </form>
  );
}

/** @typedef {import('../api-types').components['schemas']['ScenarioRunResult']} ScenarioRunResult */

function ScenarioRun({ project, script, source, goto }) {
  const [yaml, setYaml] = useState(STARTER_SCENARIO);
  const [result, setResult] = useState(/** @type {ScenarioRunResult | null} */ (null));
  const action = useAction();
  return (
    <section aria-labelledby="scn-h">
      <h3 id="scn-h">Run a scenario (offline, on the server: the same runner as <code>cantila test</code>)</h3>
      <form aria-label="Run a scenario" onSubmit={(e) => { e.preventDefault(); action.run(async () => {
        setResult(await api.post(projectPath(project, '/scripts/scenario-runs'), { name: script.name, source, scenario: yaml }));
      }); }}>
        <Field label="Scenario (YAML)" id="scenario-yaml"><textarea id="scenario-yaml" class="mono" rows={7} maxLength={64000} value={yaml} onInput={(e) => setYaml(e.target.value)} /></Field>
        <button type="submit" disabled={action.busy}>{action.busy ? 'Running…' : 'Run scenario'}</button>
      </form>
      <ErrorNote error={action.error} />
      {result ? (
        <div class="detail" id="scenario-result" role="status">
          <p class={result.passed ? 'ok' : 'error'}><strong>{result.passed ? '✓ passed' : '✗ failed'}</strong> — {result.scenario} ({result.millis} ms)</p>
          {result.compile ? <p class="error">Does not compile: <button type="button" class="link" onClick={() => goto(result.compile.line, result.compile.column)}>{script.name}:{result.compile.line}:{result.compile.column}</button> {result.compile.message}</p> : null}
          {result.failure ? <div><p>Step at line {result.failure.line}: {result.failure.step}</p><pre>{result.failure.message}</pre></div> : null}
          <ol class="transcript" aria-label="Transcript">
            {result.transcript.map((l) => <li><span class="ms">+{l.atMillis} ms</span> {l.render}{l.kind === 'error' && l.fields.location ? <span> <button type="button" class="link" onClick={() => { const m = /:(\d+):(\d+)/.exec(l.fields.location); if (m) goto(Number(m[1]), Number(m[2])); }}>{l.fields.location}</button></span> : null}</li>)}
          </ol>
        </div>
      ) : null}
    </section>
  );
}

function ScriptWork({ project, script, onChanged }) {
  const [versions, setVersions] = useState([]);
  const [loaded, setLoaded] = useState(null);
  const [source, setSource] = useState('');
  const [diffWith, setDiffWith] = useState(null);
  const [deployOnSave, setDeployOnSave] = useState(false);
  const [note, setNote] = useState(null);
  const editor = useRef(null);
  const action = useAction();
  const base = projectPath(project, '/scripts/' + script.id);
  const loadVersions = async () => setVersions((await api.get(base + '/versions')).data);
  const open = async (version) => {
    const v = await api.get(base + '/versions/' + version);
    setLoaded(v);
    setSource(v.source);
    editor.current && editor.current.setText(v.source);
    return v;
  };
  useEffect(() => { action.run(async () => { await loadVersions(); await open(script.deployedVersion || script.versions); }); }, [script.id]);
  const goto = async (line, column, version) => {
    if (version && loaded && version !== loaded.version) await action.run(() => open(version));
    editor.current.goto(line, column);
  };
  const save = () => action.run(async () => {
    const v = await api.post(base + '/versions', { source, deploy: deployOnSave });
    setNote('Saved version ' + v.version + (deployOnSave ? ' and deployed it' : '') + '.');
    await loadVersions();
    setLoaded({ ...v, source });
    onChanged();
  });
  const deploy = (version) => action.run(async () => {
    await api.post(base + '/deploy', { version });
    setNote('Version ' + version + ' deployed.');
    onChanged();
  });
  const dirty = loaded && loaded.source !== source;
  return (
    <div class="scriptwork">
      <h2>{script.name} <small>{script.id} · deployed: v{script.deployedVersion ?? '—'} · editing v{loaded ? loaded.version : '…'}{dirty ? ' (changed)' : ''}</small></h2>
      {loaded ? <Editor value={loaded.source} onChange={setSource} api={editor} label={'Source of ' + script.name} /> : <p>Loading…</p>}
      <div class="row">
        <button type="button" onClick={save} disabled={action.busy || !dirty}>Save as new version</button>
        <label><input type="checkbox" checked={deployOnSave} onChange={(e) => setDeployOnSave(e.target.checked)} /> and deploy it</label>
        {note ? <span role="status">{note}</span> : null}
      </div>
      <ErrorNote error={action.error} />
      <section aria-labelledby="ver-h">
        <h3 id="ver-h">Versions</h3>
        <table class="list" id="versions">
          <thead><tr><th>Version</th><th>Handlers</th><th>Created</th><th><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {versions.map((v) => (
              <tr>
                <td>v{v.version}{v.version === script.deployedVersion ? <strong> (deployed)</strong> : ''}</td>
                <td>{(v.handlers || []).join(', ')}</td><td><Time iso={v.createdAt} /></td>
                <td>
                  <button type="button" onClick={() => action.run(() => open(v.version))}>Open</button>
                  <button type="button" onClick={() => action.run(async () => setDiffWith(await api.get(base + '/versions/' + v.version)))}>Diff with editor</button>
                  {v.version !== script.deployedVersion ? <button type="button" onClick={() => deploy(v.version)}>{script.deployedVersion && v.version < script.deployedVersion ? 'Roll back to' : 'Deploy'} v{v.version}</button> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {diffWith ? <Diff from={diffWith.source} to={source} label={'v' + diffWith.version + ' → editor'} /> : null}
      </section>
      <section aria-labelledby="bind-h"><h3 id="bind-h">Bind to a number</h3><Bind project={project} script={script} /></section>
      <ScenarioRun project={project} script={script} source={source} goto={(l, c) => goto(l, c)} />
      <Executions project={project} script={script} goto={goto} />
    </div>
  );
}

export function ScriptsPage({ project }) {
  const { scripts, reload } = useScripts(project);
  const [open, setOpen] = useState(null);
  const [name, setName] = useState('');
  const action = useAction();
  const current = scripts.find((s) => s.id === open) || null;
  return (
    <div>
      <h1>Scripts</h1>
      <div class="split">
        <div>
          <ul class="threads" id="scripts" aria-label="Scripts">
            {scripts.map((s) => <li><button type="button" class={'link' + (s.id === open ? ' current' : '')} onClick={() => setOpen(s.id)}>
              <strong>{s.name}</strong><br /><small>v{s.deployedVersion ?? '—'} deployed · {s.versions} version(s)</small></button></li>)}
          </ul>
          <form aria-label="New script" onSubmit={(e) => { e.preventDefault(); action.run(async () => {
            const s = await api.post(projectPath(project, '/scripts'), { name, source: STARTER });
            setName('');
            await reload();
            setOpen(s.id);
          }); }}>
            <Field label="New script name" id="new-script"><input id="new-script" value={name} maxLength={100} placeholder="handler.js" onInput={(e) => setName(e.target.value)} required /></Field>
            <button type="submit" disabled={action.busy}>Create script</button>
            <ErrorNote error={action.error} />
          </form>
        </div>
        {current ? <ScriptWork key={current.id} project={project} script={current} onChanged={reload} /> : <p>Choose a script or create one.</p>}
      </div>
    </div>
  );
}
