import { useState } from 'preact/hooks';
import { api, projectPath } from '../api.js';
import { ErrorNote, Field, Time, useAction, usePoll } from '../ui.jsx';
import { useHeldNumbers } from './common.js';
import { get } from '../typed.js';
import { useLive } from '../live.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/**
 * What the fake phone received, newest first, as its screen shows it (GET /v1/sim/handsets/{e164}/messages: the
 * project key sees what its project sent to that phone, a one-time code in clear). Refreshed on the project's
 * sms.status events, polled while the event stream is down.
 */
function Inbox({ project, phone }) {
  const [messages, setMessages] = useState([]);
  useLive(project, 'sms.status', async () => {
    if (!/^\+?[0-9]{4,20}$/.test(phone)) return setMessages([]);
    const page = await get('/v1/sim/handsets/{e164}/messages', { e164: phone.replace(/^\+/, '') });
    setMessages(page.data.slice(-20).reverse());
  }, 2000, [phone]);
  return (
    <section aria-labelledby="phone-inbox-h">
      <h3 id="phone-inbox-h">The phone received</h3>
      <ol class="bubbles" id="phone-inbox" aria-live="polite">
        {messages.map((m) => <li class="bubble inbound" key={m.messageId}><p>{m.body}</p><small>from {m.from} · <Time iso={new Date(m.acceptedAt).toISOString()} /> · {m.outcome}</small></li>)}
        {!messages.length ? <li>Nothing yet.</li> : null}
      </ol>
    </section>
  );
}

/** A call from the fake phone: what the caller heard, a keypad, hang up. */
function Call({ callId, onEnded }) {
  const [call, setCall] = useState(null);
  const action = useAction();
  usePoll(async () => {
    if (call && !call.alive && call.status) return;
    setCall(await api.get('/v1/sim/calls/' + callId));
  }, 700, [callId, call && call.alive]);
  const press = (d) => action.run(async () => {
    await api.post('/v1/sim/calls/' + callId + '/dtmf', { digits: d });
    setCall(await api.get('/v1/sim/calls/' + callId));
  });
  return (
    <section aria-labelledby="sim-call-h" id="sim-call">
      <h3 id="sim-call-h">Call {callId} — {call ? (call.alive ? 'live' : call.status) : '…'}</h3>
      <ol class="timeline" id="sim-call-events" aria-live="polite">
        {(call ? call.events : []).map((e) => <li><strong>{e.type}</strong>{e.detail ? ': ' + e.detail : ''}</li>)}
      </ol>
      <div class="keypad" role="group" aria-label="Keypad">
        {KEYS.map((k) => <button type="button" aria-label={'Press ' + k} disabled={!call || !call.alive} onClick={() => press(k)}>{k}</button>)}
      </div>
      <button type="button" class="danger" disabled={!call || !call.alive} onClick={() => action.run(async () => {
        await api.postEmpty('/v1/sim/calls/' + callId + '/hangup');
        setCall(await api.get('/v1/sim/calls/' + callId));
        onEnded && onEnded();
      })}>Hang up</button>
      <ErrorNote error={action.error} />
    </section>
  );
}

/**
 * The phone simulator, a panel beside every page (simulated provider only): so a text sent from it can be watched
 * arriving in the Threads page, and a call placed from it in the Calls page and the execution log.
 */
export function SimulatorPanel({ project, onClose }) {
  const { numbers } = useHeldNumbers(project);
  const [phone, setPhone] = useState('+14155550123');
  const [to, setTo] = useState('');
  const [body, setBody] = useState('');
  const [callId, setCallId] = useState(null);
  const action = useAction();
  const target = to || (numbers[0] && numbers[0].e164) || '';
  return (
    <aside id="simulator" aria-labelledby="sim-h">
      <h2 id="sim-h">Phone simulator <button type="button" onClick={onClose} aria-label="Close the phone simulator">×</button></h2>
      <p><small>A fake phone on the simulated carrier: text or call one of your numbers, press keys, hang up, and see
        what the phone got back. Nothing leaves this machine.</small></p>
      <div class="row">
        <Field label="The fake phone's number" id="sim-phone"><input id="sim-phone" value={phone} onInput={(e) => setPhone(e.target.value)} maxLength={64} /></Field>
        <Field label="Your number" id="sim-to">
          <select id="sim-to" value={target} onChange={(e) => setTo(e.target.value)}>
            {numbers.map((n) => <option value={n.e164}>{n.e164}</option>)}
          </select>
        </Field>
      </div>
      {!numbers.length ? <p>Buy a number or activate SMS first (Numbers).</p> : null}
      <form onSubmit={(e) => { e.preventDefault(); action.run(async () => { await api.post('/v1/sim/inbound-sms', { from: phone, to: target, body }); setBody(''); }); }} aria-label="Text your number">
        <Field label="Text" id="sim-body"><textarea id="sim-body" rows={2} value={body} maxLength={4000} onInput={(e) => setBody(e.target.value)} required /></Field>
        <button type="submit" disabled={action.busy || !target}>Send text</button>
      </form>
      <button type="button" disabled={action.busy || !target} onClick={() => action.run(async () => {
        const r = await api.post('/v1/sim/inbound-call', { from: phone, to: target });
        if (!r.admitted) throw Object.assign(new Error('nobody holds ' + target + ': the call was not admitted'), { code: 'not_admitted' });
        setCallId(r.callId);
      })}>Call {target}</button>
      <ErrorNote error={action.error} />
      {callId ? <Call key={callId} callId={callId} /> : null}
      <Inbox project={project} phone={phone} />
    </aside>
  );
}
