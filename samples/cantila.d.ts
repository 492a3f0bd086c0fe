// Types for Cantila handlers: copy this file and jsconfig.json next to your handler for editor autocomplete
// and `npx -p typescript tsc --noEmit -p jsconfig.json` type checks. Ambient (no import needed): annotate with
// JSDoc, e.g.  /** @param {CantilaSms} sms @param {CantilaCtx} ctx */ export async function onSms(sms, ctx) {}
// The build type-checks every sample against this file, so it cannot drift from the runtime.

/** An inbound SMS. Frozen. */
interface CantilaSms {
  /** Message id, e.g. `msg_01J…`. */
  readonly id: string;
  /** The sender, E.164: `sms.from === '+14155550123'`. */
  readonly from: string;
  /** Your number that received it, E.164. */
  readonly to: string;
  /** The text: `if (/^hours$/i.test(sms.body.trim())) …`. */
  readonly body: string;
  /** The conversation (your number × their number): `ctx.kv.set('last:' + sms.threadId, …)`. */
  readonly threadId: string | null;
  /** ISO-8601 time of arrival: `new Date(sms.receivedAt)`. */
  readonly receivedAt: string | null;
  /** Media URLs (MMS), usually empty: `if (sms.media.length) …`. */
  readonly media: readonly string[];
}

/** Where a prompt comes from in `gather({prompt})`: spoken text or an audio file. */
type CantilaPrompt = { say: string; voice?: string } | { play: string };

/** How a `forward` ended: `const r = await call.forward('+1…'); if (r.status !== 'answered') …`. */
interface CantilaForwardResult {
  readonly status: 'answered' | 'busy' | 'no-answer' | 'failed';
  /** Talk time when answered, else 0. */
  readonly durationSeconds: number;
}

/** How a call's time in a conference ended: `const r = await call.conference('standup'); if (r.reason === 'full') …`. */
interface CantilaConferenceResult {
  /** The conference (one instance of the name: GET …/voice/conferences/:name), null when it was full. */
  readonly conferenceId: string | null;
  readonly name: string;
  /** kicked (DELETE …/participants/:callId), conference-ended (an endOnExit participant left), full, left. */
  readonly reason: 'kicked' | 'conference-ended' | 'full' | 'left';
  /** Seconds in the conference, waiting included. */
  readonly durationSeconds: number;
}

/**
 * A live call. Every helper returns a promise; after the caller hangs up, pending and later helpers reject with
 * an error whose `name` is `'CallEnded'`: `try { … } catch (e) { if (e.name === 'CallEnded') return; throw e; }`.
 */
interface CantilaCall {
  /** Call id, e.g. `call_01J…`. */
  readonly id: string;
  /** The caller (inbound) or you (outbound), E.164. */
  readonly from: string;
  /** Your number (inbound) or the callee (outbound), E.164. */
  readonly to: string;
  /** `if (call.direction === 'outbound') …` */
  readonly direction: 'inbound' | 'outbound';
  /** Outbound calls: the `params` given to POST …/voice/calls (strings); inbound: empty. `call.params.code` */
  readonly params: Readonly<Record<string, string>>;
  /** Text to speech: `await call.say('Thanks for calling.', {voice: 'kal'})`. */
  say(text: string, options?: { voice?: string }): Promise<void>;
  /** An audio file or URL: `await call.play('https://example.com/hold.wav')`. */
  play(url: string): Promise<void>;
  /** Silence (default 1 second): `await call.pause(2)`. */
  pause(seconds: number): Promise<void>;
  /**
   * Collects DTMF digits; resolves with the digits ('' on timeout), without the finish key. A digit stops the
   * prompt (barge-in). `const d = await call.gather({numDigits: 1, prompt: {say: 'Press 1 for sales'}})`.
   * Defaults: finishOnKey '#', timeoutSeconds 5 (after the prompt), interDigitTimeoutSeconds = timeoutSeconds.
   */
  gather(options?: {
    numDigits?: number;
    finishOnKey?: string;
    timeoutSeconds?: number;
    interDigitTimeoutSeconds?: number;
    prompt?: CantilaPrompt;
  }): Promise<string>;
  /**
   * Connects the caller to a number (or the first of several to answer); resolves when that call ends or fails.
   * `const r = await call.forward(['+14155550101', '+14155550102'], {timeoutSeconds: 20})`.
   * Defaults: timeoutSeconds 30, callerId = the caller, record false.
   */
  forward(to: string | string[], options?: { timeoutSeconds?: number; callerId?: string; record?: boolean }):
    Promise<CantilaForwardResult>;
  /**
   * Greeting, beep, then a recording stored as a voicemail (GET …/voice/voicemails). Resolves with the voicemail
   * id, or null when the caller said nothing. Defaults: maxSeconds 120, beep true.
   * `await call.voicemail({greeting: 'Leave a message after the tone.'})`
   */
  voicemail(options?: { greeting?: string; maxSeconds?: number; beep?: boolean }): Promise<string | null>;
  /** Records the caller; resolves with the recording id or null. Defaults: maxSeconds 120, beep true. `await call.record({maxSeconds: 30})` */
  record(options?: { maxSeconds?: number; beep?: boolean }): Promise<string | null>;
  /**
   * Joins the project's conference `name` (created by its first participant); resolves when the call is out of it
   * again. Until a `startOnEnter` participant is in, participants hear `waitUrl` (default: hold music) and nobody
   * hears anybody; an `endOnExit` participant leaving ends it for everyone. Muted participants hear but are not
   * heard. Defaults (Twilio's): startOnEnter true, endOnExit false, muted false, beep true, maxParticipants 250.
   * `await call.conference('support-room', {startOnEnter: false, waitUrl: 'https://example.com/wait.mp3'})`
   */
  conference(name: string, options?: {
    startOnEnter?: boolean;
    endOnExit?: boolean;
    muted?: boolean;
    beep?: boolean;
    waitUrl?: string;
    maxParticipants?: number;
  }): Promise<CantilaConferenceResult>;
  /** Ends the call: `await call.hangup()`. */
  hangup(cause?: string): Promise<void>;
  /** Refuses an unanswered inbound call (default 'rejected'): `await call.reject('busy')`. */
  reject(reason?: 'busy' | 'rejected'): Promise<void>;
}

/** `ctx.sms.send` arguments: a body, or a template with variables. */
type CantilaSend = { to: string; body: string } | { to: string; templateId: string; vars?: Record<string, string> };

/** A message the send path accepted: `const {id} = ctx.reply('Hi')`. A refusal throws an Error with `code`. */
interface CantilaSent {
  readonly id: string;
}

/** A JSON value as ctx.kv stores it. */
type CantilaJson = null | boolean | number | string | CantilaJson[] | { [key: string]: CantilaJson };

/** `ctx.otp.request` options; each left out takes the project's default. */
interface CantilaOtpOptions {
  /** `sms` (default), `call` (the code is spoken), or `auto` (SMS, then a call with the same code unless verified). */
  channel?: 'sms' | 'call' | 'auto';
  /** Digits in the code, 4-10 (default 6). */
  codeLength?: number;
  /** How long the code is good for, 120-86400 s (default 600). */
  ttlSeconds?: number;
  /** The language of the code text or call, e.g. `en`, `fr`, `es`. */
  locale?: string;
  /** Named in the text: "Your Acme code is …". */
  appName?: string;
}

/** A verification sent by `ctx.otp.request`: never the code. A second request to a pending one re-sends its code. */
interface CantilaOtpVerification {
  readonly id: string;
  readonly to: string;
  readonly channel: 'sms' | 'call' | 'auto';
  readonly status: 'pending';
  /** ISO-8601. */
  readonly expiresAt: string;
  /** How many times its code has gone out (at most 5). */
  readonly sends: number;
  readonly checksLeft: number;
}

/** One check by `ctx.otp.verify`: `approved`, `pending` (a wrong code; `checksLeft` more allowed) or how it ended. */
interface CantilaOtpCheck {
  readonly status: 'approved' | 'pending' | 'max_attempts_reached';
  readonly checksLeft: number;
}

/** What a handler can do besides the call itself. */
interface CantilaCtx {
  /** Project variables, read-only: `ctx.env.SALES_NUMBER`. */
  readonly env: Readonly<Record<string, string>>;
  /** Into the execution log: `ctx.log.info('menu', digits)`. */
  readonly log: {
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
  };
  /**
   * Small per-project state (keys ≤ 128 chars, values ≤ 16 KB of JSON, ≤ 1,000 keys). Synchronous (`await`
   * works too): `const n = ctx.kv.get('n') ?? 0; ctx.kv.set('n', n + 1)`.
   */
  readonly kv: {
    get(key: string): CantilaJson | null;
    set(key: string, value: CantilaJson): void;
    delete(key: string): boolean;
  };
  /**
   * One-time codes for the project, as `POST …/sms/otp/request` and `…/verify` (same limits, billing, events).
   * The code is never given to the script and never logged (a checked code is redacted from the execution log).
   * A refusal rejects with an Error whose `code` is the API's: `destination_rate_limited` (and the other
   * `…_rate_limited`), `country_not_allowed`, `prefix_blocked`, `max_sends_reached`, `expired`,
   * `max_attempts_reached`, `already_approved`, `not_found`, `invalid_request`…
   * `const v = await ctx.otp.request(sms.from, {channel: 'auto'})`;
   * `const {status, checksLeft} = await ctx.otp.verify(sms.from, sms.body.trim())`.
   */
  readonly otp: {
    request(to: string, options?: CantilaOtpOptions): Promise<CantilaOtpVerification>;
    /** Checks `code` (4-10 digits) against the newest verification sent to `to`. */
    verify(to: string, code: string): Promise<CantilaOtpCheck>;
  };
  /** Outbound SMS through the normal send path (synchronous): `ctx.sms.send({to: '+1…', body: 'Hi'}).id`. */
  readonly sms: { send(message: CantilaSend): CantilaSent };
  /**
   * SMS handlers only: answer the sender from the number they wrote to (synchronous).
   * `ctx.reply('We are open 9-5.')` or `ctx.reply({templateId: 'tpl_…', vars: {name: 'Ada'}})`.
   */
  reply(message: string | { templateId: string; vars?: Record<string, string> }): CantilaSent;
  /** SMS handlers only: send the inbound text on: `ctx.forward('+14155550100', {prefix: 'From ' + sms.from + ': '})`. */
  forward(to: string, options?: { prefix?: string }): CantilaSent;
}

/**
 * `export async function onSms(sms, ctx)`.
 *
 * Module state: an SMS handler usually runs in a warm context, so module-level variables (and globals) set by one
 * event may still be there in a later event of the same deployed version, on the same worker: use them as a cache,
 * never as storage (`ctx.kv` is the store). They never carry over to another project or another version, and are
 * gone after any event that failed (error, limit, stop), after `cantila.scripts.warm.max-events` events or
 * `max-age`, and on every deploy. Use `ctx` only while its own event runs: a `ctx` kept in module state and called
 * from a later event acts for that later event. Calls (`onCall`) always start in a fresh context.
 */
type CantilaOnSms = (sms: CantilaSms, ctx: CantilaCtx) => unknown;
/** `export async function onCall(call, ctx)`. */
type CantilaOnCall = (call: CantilaCall, ctx: CantilaCtx) => unknown;

/** console.* writes into the execution log, like ctx.log: `console.log('got', sms.body)`. */
declare var console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
};
