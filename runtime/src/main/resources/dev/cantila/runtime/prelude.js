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

  const log = freeze({ info: logger('info'), warn: logger('warn'), error: logger('error') });
  globalThis.console = freeze({
    log: logger('info'), info: logger('info'), warn: logger('warn'), error: logger('error'), debug: logger('debug'),
  });

  // Event and env arrive as JSON text (one parse beats walking a host object in the interpreter).
  const parse = JSON.parse;

  // Call helpers start an operation on the host, which answers with a ticket; the promise is settled by
  // `settle(ticket, ...)` in a later turn, when the engine completed the operation (never from another thread).
  const pending = new Map();
  function started(op, ...args) {
    const ticket = call(op, ...args);
    return new Promise((resolve, reject) => pending.set(ticket, { resolve: resolve, reject: reject }));
  }
  function settle(ticket, ok, value, code) {
    const p = pending.get(ticket);
    pending.delete(ticket);
    if (ok) {
      p.resolve(value === null ? undefined : value);
    } else {
      const error = new Error(value);
      error.code = code;
      p.reject(error);
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

  function callObject(event) {
    const c = parse(event);
    c.say = (text, o) => started('call.say', required(text, 'call.say'), str(options(o, 'call.say').voice, 'call.say: voice'));
    c.play = (url) => started('call.play', required(url, 'call.play'));
    c.pause = (s) => started('call.pause', seconds(s, 'call.pause'));
    c.gather = (o) => {
      const g = options(o, 'call.gather');
      const digits = g.numDigits === undefined ? -1 : g.numDigits;
      if (typeof digits !== 'number' || digits === 0 || digits > 64) throw new TypeError('call.gather: numDigits must be 1-64');
      return started('call.gather', digits, seconds(g.timeoutSeconds, 'call.gather: timeoutSeconds'),
        str(g.finishOnKey, 'call.gather: finishOnKey'));
    };
    c.forward = (to, o) => {
      const f = options(o, 'call.forward');
      return started('call.forward', required(to, 'call.forward'), seconds(f.timeoutSeconds, 'call.forward: timeoutSeconds'),
        str(f.callerId, 'call.forward: callerId'));
    };
    c.voicemail = (o) => {
      const v = options(o, 'call.voicemail');
      return started('call.voicemail', str(v.greeting, 'call.voicemail: greeting'), seconds(v.maxSeconds, 'call.voicemail: maxSeconds'));
    };
    c.record = (o) => {
      const r = options(o, 'call.record');
      return started('call.record', seconds(r.maxSeconds, 'call.record: maxSeconds'), r.beep !== false);
    };
    c.hangup = () => started('call.hangup');
    c.reject = (o) => started('call.reject', str(options(o, 'call.reject').reason, 'call.reject: reason'));
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
    sms(handler, event, env, done) {
      const sms = parse(event);
      freeze(sms.media);
      invoke(handler, freeze(sms), freeze({
        reply: reply, forward: forward, sms: freeze({ send: send }), env: freeze(parse(env)), log: log, kv: kv,
      }), done);
    },
    call(handler, event, env, done) {
      invoke(handler, callObject(event), freeze({ sms: freeze({ send: send }), env: freeze(parse(env)), log: log, kv: kv }), done);
    },
    settle: settle,
  });
})
