import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './style.css';
import { api, ApiError, call } from './api.js';
import { session } from './session.js';
import { ErrorNote, Field, useAction } from './ui.jsx';
import { NumbersPage } from './pages/numbers.jsx';
import { SmsPage } from './pages/sms.jsx';
import { ThreadsPage } from './pages/threads.jsx';
import { CallsPage } from './pages/calls.jsx';
import { ScriptsPage } from './pages/scripts.jsx';
import { WebhooksPage } from './pages/webhooks.jsx';
import { SimulatorPanel } from './pages/simulator.jsx';

const PAGES = [
  ['numbers', 'Numbers', NumbersPage],
  ['sms', 'SMS', SmsPage],
  ['threads', 'Threads', ThreadsPage],
  ['calls', 'Calls', CallsPage],
  ['scripts', 'Scripts', ScriptsPage],
  ['webhooks', 'Webhooks', WebhooksPage],
];

function route() {
  const name = location.hash.replace(/^#\/?/, '').split('/')[0];
  return PAGES.some(([n]) => n === name) ? name : 'numbers';
}

function SignIn({ onSignedIn }) {
  const [key, setKey] = useState('');
  const action = useAction();
  const submit = (e) => {
    e.preventDefault();
    action.run(async () => {
      const k = key.trim();
      if (!k) throw new ApiError(0, 'missing', 'enter an API key', 'key');
      const projects = await call('GET', '/v1/projects', { key: k, params: { limit: 1 } });
      // Only the operator may create projects: an empty create is a 400 (name missing) for it, a 403 for a project
      // key, and creates nothing either way.
      let operator = false;
      try {
        await call('POST', '/v1/projects', { key: k, body: {} });
      } catch (e) {
        operator = e.status === 400;
      }
      session.signIn(k, projects.data.length ? projects.data[0].id : null, operator);
      onSignedIn();
    });
  };
  return (
    <main class="signin">
      <h1>Cantila Console</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <Field label="API key" id="signin-key" hint="A project key (ck_…) or the operator key (cop_…). Kept for this tab only.">
          <input id="signin-key" type="password" autocomplete="off" value={key} onInput={(e) => setKey(e.target.value)}
            aria-describedby="signin-key-hint" required />
        </Field>
        <button type="submit" disabled={action.busy}>Sign in</button>
        <ErrorNote error={action.error} />
      </form>
    </main>
  );
}

/** The operator's project switcher and "new project"; a project key sees only its own project. */
function ProjectBar({ project, setProject }) {
  const [projects, setProjects] = useState([]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState(null);
  const action = useAction();
  const operator = session.operator();
  const load = () => action.run(async () => setProjects((await api.get('/v1/projects', { limit: 200 })).data));
  useEffect(() => { load(); }, []);
  const create = (e) => {
    e.preventDefault();
    action.run(async () => {
      const p = await api.post('/v1/projects', { name });
      setCreated(p);
      setName('');
      await load();
      setProject(p.id);
    });
  };
  return (
    <div class="projectbar">
      <label for="project-select">Project</label>
      <select id="project-select" value={project || ''} onChange={(e) => setProject(e.target.value)}>
        {!project ? <option value="">(none yet)</option> : null}
        {projects.map((p) => <option value={p.id}>{p.name} — {p.id}</option>)}
      </select>
      {operator ? (
        <form class="inline" onSubmit={create} aria-label="New project">
          <label for="new-project-name" class="sr-only">New project name</label>
          <input id="new-project-name" placeholder="New project name" value={name} maxLength={200}
            onInput={(e) => setName(e.target.value)} required />
          <button type="submit" disabled={action.busy}>Create project</button>
        </form>
      ) : null}
      {created ? (
        <p class="secret" role="status">Project {created.name} created. Its API key is shown once:
          <code class="once">{created.apiKey}</code>
          <button type="button" onClick={() => setCreated(null)}>Done</button></p>
      ) : null}
      <ErrorNote error={action.error} />
    </div>
  );
}

function App() {
  const [signedIn, setSignedIn] = useState(!!session.key());
  const [project, setProjectState] = useState(session.project());
  const [page, setPage] = useState(route());
  const [phone, setPhone] = useState(false);
  useEffect(() => {
    const onHash = () => setPage(route());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  if (!signedIn) {
    return <SignIn onSignedIn={() => { setSignedIn(true); setProjectState(session.project()); }} />;
  }
  const setProject = (p) => { session.useProject(p); setProjectState(p); };
  const signOut = () => { session.signOut(); setSignedIn(false); setProjectState(null); };
  const Page = PAGES.find(([n]) => n === page)[2];
  return (
    <div class="shell">
      <header>
        <a class="brand" href="#/numbers">Cantila</a>
        <nav aria-label="Console sections">
          <ul>
            {PAGES.map(([n, label]) => (
              <li><a href={'#/' + n} aria-current={n === page ? 'page' : undefined}>{label}</a></li>
            ))}
          </ul>
        </nav>
        <button type="button" class="phone-toggle" aria-expanded={phone} aria-controls="simulator" onClick={() => setPhone(!phone)}>Phone simulator</button>
        <button type="button" class="signout" onClick={signOut}>Sign out</button>
      </header>
      <ProjectBar project={project} setProject={setProject} />
      <div class={phone ? 'body with-phone' : 'body'}>
        <main id="main">
          {project ? <Page key={project + page} project={project} />
            : <p>Create a project to start (operator key), or sign in with a project key.</p>}
        </main>
        {phone && project ? <SimulatorPanel key={project} project={project} onClose={() => setPhone(false)} /> : null}
      </div>
    </div>
  );
}

render(<App />, document.getElementById('app'));
