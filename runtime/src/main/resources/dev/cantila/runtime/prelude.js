// The JS side of the handler facade. Evaluated as an internal source in every fresh context, before the
// handler module. `host` is one Java function (see SmsBinding) reachable only through this closure: scripts
// get plain frozen JS objects and JS functions, so getClass/constructor/__proto__ walks end in JS builtins.
// Host results: a string, boolean or null on success; an object {code, message} when the host refused.
(function (host) {
  'use strict';
  const freeze = Object.freeze;
  // `Java` stays a global even with js.java-package-globals=false; it can reach no class (host class
  // lookup is denied) but scripts have no business seeing it.
  delete globalThis.Java;
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

  function text(v) {
    if (typeof v === 'string') return v;
    if (v instanceof Error) return String(v);
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return String(v);
    try {
      const s = JSON.stringify(v);
      return s === undefined ? String(v) : s;
    } catch (e) {
      return String(v);
    }
  }

  function call(...args) {
    const r = host(...args);
    if (r !== null && typeof r === 'object') {
      const error = new Error(r.message);
      error.code = r.code;
      throw error;
    }
    return r;
  }

  // Once the log cap is reached the host says so and further calls cost nearly nothing.
  let logOpen = true;
  function logger(level) {
    return function (...args) {
      if (logOpen) logOpen = call('log', level, args.map(text).join(' '));
    };
  }

  function vars(value, where) {
    if (value === undefined) return {};
    if (!isObject(value)) throw new TypeError(where + ': vars must be an object of strings');
    const out = {};
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        throw new TypeError(where + ': vars.' + key + ' must be a string, number or boolean');
      }
      out[key] = String(v);
    }
    return out;
  }

  function key(k, where) {
    if (typeof k !== 'string' || k.length === 0) throw new TypeError(where + ' expects a non-empty string key');
    return k;
  }

  const sent = (id) => freeze({ id: id });

  function reply(arg) {
    if (typeof arg === 'string') return sent(call('reply', arg));
    if (isObject(arg) && typeof arg.templateId === 'string') {
      return sent(call('replyTemplate', arg.templateId, vars(arg.vars, 'ctx.reply')));
    }
    throw new TypeError('ctx.reply expects a string or {templateId, vars}');
  }

  function forward(to, options) {
    if (typeof to !== 'string') throw new TypeError('ctx.forward expects a phone number string');
    if (options !== undefined && !isObject(options)) throw new TypeError('ctx.forward expects options {prefix}');
    const prefix = options === undefined ? undefined : options.prefix;
    if (prefix !== undefined && typeof prefix !== 'string') throw new TypeError('ctx.forward: prefix must be a string');
    return sent(call('forward', to, prefix === undefined ? null : prefix));
  }

  function send(message) {
    const usage = 'ctx.sms.send expects {to, body} or {to, templateId, vars}';
    if (!isObject(message) || typeof message.to !== 'string') throw new TypeError(usage);
    const hasBody = typeof message.body === 'string';
    const hasTemplate = typeof message.templateId === 'string';
    if (hasBody === hasTemplate) throw new TypeError(usage);
    return sent(hasBody
      ? call('send', message.to, message.body, null, {})
      : call('send', message.to, null, message.templateId, vars(message.vars, 'ctx.sms.send')));
  }

  // Synchronous by design: values, not promises (`await` on them works too). See package-info.
  const kv = freeze({
    get(k) {
      const json = call('kvGet', key(k, 'ctx.kv.get'));
      return json === null ? null : JSON.parse(json);
    },
    set(k, value) {
      key(k, 'ctx.kv.set');
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError('ctx.kv.set expects a JSON-serialisable value');
      call('kvSet', k, json);
    },
    delete(k) { return call('kvDelete', key(k, 'ctx.kv.delete')); },
  });

  // One-time codes: the host acts at once, the helpers answer promises (a refusal rejects with error.code set).
  // The code never comes back: ctx.otp.verify is the only way to compare one.
  function settled(work) {
    try {
      return Promise.resolve(freeze(parse(work())));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  function count(v, where) {
    if (v === undefined || v === null) return null;
    if (!Number.isInteger(v) || v < 0 || v > 86400) throw new TypeError(where + ' must be a whole number');
    return v;
  }
  const otp = freeze({
    request(to, o) {
      return settled(() => {
        const r = options(o, 'ctx.otp.request');
        const channel = str(r.channel, 'ctx.otp.request: channel');
        if (channel !== null && channel !== 'sms' && channel !== 'call' && channel !== 'auto') {
          throw new TypeError("ctx.otp.request: channel must be 'sms', 'call' or 'auto'");
        }
        return call('otpRequest', required(to, 'ctx.otp.request'), channel,
          count(r.codeLength, 'ctx.otp.request: codeLength'), count(r.ttlSeconds, 'ctx.otp.request: ttlSeconds'), str(r.locale, 'ctx.otp.request: locale'),
          str(r.appName, 'ctx.otp.request: appName'));
      });
    },
    verify(to, code) {
      return settled(() => {
        if (typeof code === 'number' && Number.isInteger(code) && code >= 0) code = String(code);
        return call('otpVerify', required(to, 'ctx.otp.verify'), required(code, 'ctx.otp.verify: code'));
      });
    },
  });

  const log = freeze({ info: logger('info'), warn: logger('warn'), error: logger('error') });
  globalThis.console = freeze({
    log: logger('info'), info: logger('info'), warn: logger('warn'), error: logger('error'), debug: logger('debug'),
  });

  // Event and env arrive as JSON text (one parse beats walking a host object in the interpreter).
  const parse = JSON.parse;

  // Call helpers start an operation on the host, which answers with a ticket; the promise is settled by
  // `settle(ticket, ...)` in a later turn, when the engine completed the operation (never from another thread).
  // Once the call has ended (code call_ended), every later helper rejects at once without reaching the host.
  const pending = new Map();
  let ended = null;
  function failure(message, code) {
    const error = new Error(message);
    error.code = code;
    if (code === 'call_ended') error.name = 'CallEnded';
    return error;
  }
  function started(op, ...args) {
    if (ended !== null) return Promise.reject(failure(ended, 'call_ended'));
    const ticket = call(op, ...args);
    return new Promise((resolve, reject) => pending.set(ticket, { resolve: resolve, reject: reject }));
  }
  function settle(ticket, ok, value, code) {
    const p = pending.get(ticket);
    pending.delete(ticket);
    if (ok) {
      p.resolve(value === null ? undefined : value);
    } else {
      if (code === 'call_ended' && ended === null) ended = value;
      p.reject(failure(value, code));
    }
  }

  const options = (o, where) => {
    if (o === undefined) return {};
    if (!isObject(o)) throw new TypeError(where + ' expects an options object');
    return o;
  };
  function str(v, where) {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw new TypeError(where + ' must be a string');
    return v;
  }
  function seconds(v, where) {
    if (v === undefined || v === null) return -1;
    if (typeof v !== 'number' || !(v >= 0) || v > 86400) throw new TypeError(where + ' must be a number of seconds');
    return v;
  }
  function required(v, where) {
    if (typeof v !== 'string') throw new TypeError(where + ' expects a string');
    return v;
  }
  function flag(v, dflt, where) {
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'boolean') throw new TypeError(where + ' must be true or false');
    return v;
  }
  function targets(to) {
    const list = Array.isArray(to) ? to : [to];
    if (list.length === 0 || list.length > 10 || list.some((t) => typeof t !== 'string')) {
      throw new TypeError('call.forward expects a phone number or an array of 1-10 phone numbers');
    }
    return list.length === 1 ? list[0] : list.slice();
  }
  function prompt(p) {
    if (p === undefined || p === null) return [null, null, null];
    if (!isObject(p) || (typeof p.say === 'string') === (typeof p.play === 'string')) {
      throw new TypeError('call.gather: prompt must be {say, voice?} or {play}');
    }
    return [str(p.say, 'call.gather: prompt.say'), str(p.voice, 'call.gather: prompt.voice'), str(p.play, 'call.gather: prompt.play')];
  }

  function callObject(event) {
    const c = parse(event);
    c.say = (text, o) => started('call.say', required(text, 'call.say'), str(options(o, 'call.say').voice, 'call.say: voice'));
    c.play = (url) => started('call.play', required(url, 'call.play'));
    c.pause = (s) => started('call.pause', seconds(s, 'call.pause'));
    c.gather = (o) => {
      const g = options(o, 'call.gather');
      const digits = g.numDigits === undefined || g.numDigits === null ? 0 : g.numDigits;
      if (!Number.isInteger(digits) || digits < 0 || digits > 64) throw new TypeError('call.gather: numDigits must be 1-64');
      const finish = str(g.finishOnKey, 'call.gather: finishOnKey');
      if (finish !== null && !/^[0-9*#]?$/.test(finish)) throw new TypeError('call.gather: finishOnKey must be one of 0-9 * # or empty');
      return started('call.gather', digits, finish, seconds(g.timeoutSeconds, 'call.gather: timeoutSeconds'),
        seconds(g.interDigitTimeoutSeconds, 'call.gather: interDigitTimeoutSeconds'), ...prompt(g.prompt));
    };
    c.forward = (to, o) => {
      const f = options(o, 'call.forward');
      return started('call.forward', targets(to), seconds(f.timeoutSeconds, 'call.forward: timeoutSeconds'),
        str(f.callerId, 'call.forward: callerId'), flag(f.record, false, 'call.forward: record')).then(parse);
    };
    c.voicemail = (o) => {
      const v = options(o, 'call.voicemail');
      return started('call.voicemail', str(v.greeting, 'call.voicemail: greeting'),
        seconds(v.maxSeconds, 'call.voicemail: maxSeconds'), flag(v.beep, true, 'call.voicemail: beep'));
    };
    c.record = (o) => {
      const r = options(o, 'call.record');
      return started('call.record', seconds(r.maxSeconds, 'call.record: maxSeconds'), flag(r.beep, true, 'call.record: beep'));
    };
    c.conference = (name, o) => {
      if (typeof name !== 'string' || name.length < 1 || name.length > 128) {
        throw new TypeError('call.conference expects a conference name of 1-128 characters');
      }
      const f = options(o, 'call.conference');
      const max = f.maxParticipants === undefined || f.maxParticipants === null ? 250 : f.maxParticipants;
      if (!Number.isInteger(max) || max < 2 || max > 250) throw new TypeError('call.conference: maxParticipants must be 2-250');
      return started('call.conference', name, flag(f.startOnEnter, true, 'call.conference: startOnEnter'),
        flag(f.endOnExit, false, 'call.conference: endOnExit'), flag(f.muted, false, 'call.conference: muted'),
        flag(f.beep, true, 'call.conference: beep'), str(f.waitUrl, 'call.conference: waitUrl'), max).then(parse);
    };
    c.hangup = (cause) => started('call.hangup', str(cause, 'call.hangup: cause'));
    c.reject = (reason) => {
      const r = isObject(reason) ? reason.reason : reason;
      const why = r === undefined || r === null ? 'rejected' : r;
      if (why !== 'busy' && why !== 'rejected') throw new TypeError("call.reject expects 'busy' or 'rejected'");
      return started('call.reject', why);
    };
    c.params = freeze(c.params);
    return freeze(c);
  }

  // Calls the handler; `done(ok, error)` is called exactly once when it has finished, possibly in a later
  // promise job. If it is never called, the handler's promise never settled.
  function invoke(handler, subject, ctx, done) {
    let result;
    try {
      result = handler(subject, ctx);
    } catch (e) {
      done(false, e);
      return;
    }
    Promise.resolve(result).then(() => done(true, null), (e) => done(false, e));
  }

  return freeze({
    // ctx.env is read from the host on first use (most handlers never look at it: no lookup for them).
    sms(handler, event, done) {
      const sms = parse(event);
      freeze(sms.media);
      let env;
      const ctx = freeze({
        reply: reply, forward: forward, sms: freeze({ send: send }), log: log, kv: kv, otp: otp,
        get env() {
          if (env === undefined) env = freeze(parse(call('env')));
          return env;
        },
      });
      // Not through invoke's try/catch: a synchronous throw reaches the host as it is, and so does the
      // watchdog's interrupt, with the handler's frames (a JS catch would see the interrupt too, and it would be
      // raised again outside the handler, without its location).
      const result = handler(freeze(sms), ctx);
      Promise.resolve(result).then(() => done(true, null), (e) => done(false, e));
    },
    call(handler, event, env, done) {
      invoke(handler, callObject(event), freeze({ sms: freeze({ send: send }), env: freeze(parse(env)), log: log, kv: kv, otp: otp }), done);
    },
    settle: settle,
    // the Functions shim (functions.js) reaches the host through the same refusal-to-Error translation
    hostCall: call,
  });
})
