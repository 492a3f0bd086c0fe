import { useState } from 'preact/hooks';
import { api, projectPath } from '../api.js';
import { More, Time, usePaged } from '../ui.jsx';

function Detail({ e, script, goto }) {
  const d = e.detail || {};
  const err = d.error;
  return (
    <div class="detail">
      <p>Event: <code>{JSON.stringify(d.event)}</code></p>
      {d.actions && d.actions.length ? <><h4>Actions</h4><ol>{d.actions.map((a) => <li><code>{a.name}</code> {JSON.stringify(a.args)}{a.messageId ? ' → ' + a.messageId : ''}{a.errorCode ? ' (refused: ' + a.errorCode + ')' : ''}</li>)}</ol></> : null}
      {d.logs && d.logs.length ? <><h4>Logs</h4><ol class="logs">{d.logs.map((l) => <li><code>{typeof l === 'string' ? l : (l.level || 'info') + ': ' + (l.message ?? l.text ?? JSON.stringify(l))}</code></li>)}</ol></> : null}
      {err ? (
        <div class="error">
          <p>{err.message} {err.line ? <button type="button" class="link" onClick={() => goto(err.line, err.column, e.version)}>{(err.fileName || script.name) + ':' + err.line + ':' + err.column}</button> : null}</p>
          {err.stack ? <pre>{err.stack}</pre> : null}
        </div>
      ) : null}
    </div>
  );
}

/** The script's execution log: newest first, pages with cursors; an error's file:line:column jumps to the editor. */
export function Executions({ project, script, goto }) {
  const [open, setOpen] = useState(null);
  const paged = usePaged((cursor) => api.get(projectPath(project, '/scripts/' + script.id + '/executions'), { limit: 20, cursor }), [script.id]);
  return (
    <section aria-labelledby="exec-h">
      <h3 id="exec-h">Execution log <button type="button" onClick={paged.reload}>Refresh</button></h3>
      <table class="list" id="executions">
        <thead><tr><th>When</th><th>Event</th><th>Outcome</th><th>Version</th><th>Duration</th></tr></thead>
        <tbody>
          {paged.items.map((e) => [
            <tr>
              <td><button type="button" class="link" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}><Time iso={e.createdAt} /></button></td>
              <td>{e.eventType} {e.eventId}</td><td class={'outcome-' + e.outcome}>{e.outcome}</td><td>v{e.version}</td><td>{e.durationMs} ms</td>
            </tr>,
            open === e.id ? <tr><td colSpan={5}><Detail e={e} script={script} goto={goto} /></td></tr> : null,
          ])}
        </tbody>
      </table>
      <More paged={paged} label="executions" />
    </section>
  );
}
