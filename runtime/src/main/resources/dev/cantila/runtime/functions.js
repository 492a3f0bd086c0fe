// The JS side of Twilio Functions projects (issue #13): `exports.handler(context, event, callback)`, the globals
// `Twilio` (twiml builders, Response) and `Runtime` (getFunctions, getAssets), `require` of the project's own
// files, and `context.getTwilioClient()`. Written from Twilio's public documentation. Evaluated as an internal
// source after the prelude (which set up `console` and removed `Java`); `call` is the prelude's host call (a refusal
// becomes an Error with its code).
// `done(ok, error, status, headers, body)` is called at most once, when the handler called back.
(function (call, done) {
  'use strict';
  const freeze = Object.freeze;
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

  // ---- TwiML builders: an element has a name, attributes, text and children; toString() is the XML. ----
  const escapeText = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const escapeAttr = (s) => escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  const attrValue = (v) => Array.isArray(v) ? v.join(' ') : String(v);
  const VOICE_VERBS = ['connect', 'dial', 'echo', 'enqueue', 'gather', 'hangup', 'leave', 'pause', 'pay', 'play',
    'prompt', 'queue', 'record', 'redirect', 'refer', 'reject', 'say', 'sms', 'start', 'stop'];
  const NESTED = {
    Response: [],
    Gather: ['say', 'play', 'pause'],
    Dial: ['number', 'conference', 'client', 'sip', 'queue', 'application'],
    Message: ['body', 'media'],
    Say: ['break', 'emphasis', 'lang', 'p', 'phoneme', 'prosody', 's', 'sayAs', 'sub', 'w'],
  };
  const tagOf = (method) => method === 'sayAs' ? 'say-as'
    : ['break', 'emphasis', 'lang', 'p', 'phoneme', 'prosody', 's', 'sub', 'w'].includes(method) ? method
    : method.charAt(0).toUpperCase() + method.slice(1);

  class TwimlElement {
    constructor(name, attributes, text, methods) {
      this.name = name;
      this.attributes = {};
      this.children = [];
      if (attributes !== undefined && attributes !== null) {
        if (!isObject(attributes)) throw new TypeError('<' + name + '>: attributes must be an object');
        for (const k of Object.keys(attributes)) {
          if (attributes[k] !== undefined && attributes[k] !== null) this.attributes[k] = attrValue(attributes[k]);
        }
      }
      if (text !== undefined && text !== null) this.children.push(String(text));
      for (const m of methods) {
        this[m] = (a, t) => this.nest(m, a, t);
      }
    }
    // `say('Hello')` or `say({voice: 'alice'}, 'Hello')`, as the documented builders take them.
    nest(method, a, t) {
      const hasAttrs = isObject(a);
      const child = new TwimlElement(tagOf(method), hasAttrs ? a : undefined, hasAttrs ? t : a,
        NESTED[tagOf(method)] || []);
      this.children.push(child);
      return child;
    }
    addText(text) {
      this.children.push(String(text));
      return this;
    }
    addChild(tagName, attributes) {
      const child = new TwimlElement(String(tagName), attributes, undefined, []);
      this.children.push(child);
      return child;
    }
    xml() {
      let out = '<' + this.name;
      for (const k of Object.keys(this.attributes)) out += ' ' + k + '="' + escapeAttr(this.attributes[k]) + '"';
      if (this.children.length === 0) return out + '/>';
      out += '>';
      for (const c of this.children) out += typeof c === 'string' ? escapeText(c) : c.xml();
      return out + '</' + this.name + '>';
    }
    toString() {
      return '<?xml version="1.0" encoding="UTF-8"?>' + this.xml();
    }
  }
  class VoiceResponse extends TwimlElement {
    constructor() { super('Response', undefined, undefined, VOICE_VERBS); }
  }
  class MessagingResponse extends TwimlElement {
    constructor() { super('Response', undefined, undefined, ['message', 'redirect']); }
  }

  // ---- Twilio.Response: status, headers and body of a function's answer. ----
  class Response {
    constructor(options) {
      const o = isObject(options) ? options : {};
      this._statusCode = o.statusCode === undefined ? 200 : o.statusCode;
      this._body = o.body;
      this._headers = isObject(o.headers) ? Object.assign({}, o.headers) : {};
    }
    setStatusCode(code) { this._statusCode = code; return this; }
    setBody(body) { this._body = body; return this; }
    appendHeader(key, value) { this._headers[String(key)] = String(value); return this; }
    setHeaders(headers) {
      if (!isObject(headers)) throw new TypeError('Response.setHeaders expects an object');
      this._headers = Object.assign({}, headers);
      return this;
    }
    setCookie(key, value, attributes) {
      const extra = Array.isArray(attributes) && attributes.length ? ';' + attributes.join(';') : '';
      return this.appendHeader('Set-Cookie', key + '=' + value + extra);
    }
    removeCookie(key) { return this.appendHeader('Set-Cookie', key + '=;Max-Age=0'); }
  }

  const Twilio = freeze({
    twiml: freeze({ VoiceResponse: VoiceResponse, MessagingResponse: MessagingResponse }),
    Response: Response,
  });

  // ---- The project: its files as factories, required once each. ----
  const factories = new Map();
  const modules = new Map();
  let data = null;

  function resolve(spec, from) {
    if (typeof spec !== 'string') throw new TypeError('require expects a string');
    let path = spec.startsWith('/') ? spec.slice(1) : spec;
    if (spec.startsWith('./') || spec.startsWith('../')) {
      const parts = from.split('/').slice(0, -1);
      for (const seg of spec.split('/')) {
        if (seg === '..') parts.pop();
        else if (seg !== '.' && seg !== '') parts.push(seg);
      }
      path = parts.join('/');
    }
    for (const candidate of [path, path + '.js']) {
      if (factories.has(candidate)) return candidate;
    }
    return null;
  }

  function requireFrom(from) {
    return function require(spec) {
      if (spec === 'twilio') return twilioModule;
      const file = resolve(spec, from);
      if (file === null) {
        throw new Error("require('" + spec + "'): Cantila runs a Functions project's own files only"
          + " (require(Runtime.getFunctions()[name].path)); npm modules are not available in the sandbox");
      }
      return load(file);
    };
  }

  function load(file) {
    if (modules.has(file)) return modules.get(file).exports;
    const module = { exports: {} };
    modules.set(file, module);
    const dir = file.split('/').slice(0, -1).join('/');
    factories.get(file).call(module.exports, module.exports, requireFrom(file), module, file, dir);
    return module.exports;
  }

  const Runtime = freeze({
    getFunctions() {
      const out = {};
      for (const f of data.functions) out[f.name] = freeze({ path: f.file, visibility: f.visibility });
      return freeze(out);
    },
    getAssets() {
      const out = {};
      for (const a of data.assets) {
        out[a.key] = freeze({ path: a.file, visibility: a.visibility, open: () => a.text });
      }
      return freeze(out);
    },
    getSync() {
      throw new Error('Runtime.getSync(): Twilio Sync is not available in Cantila (use ctx.kv in a Cantila script)');
    },
  });

  // ---- context.getTwilioClient(): messages.create and calls.create act on this engine's project. ----
  function unsupported(what) {
    return new Error('context.getTwilioClient(): ' + what + ' is not supported by Cantila'
      + ' (messages.create and calls.create are)');
  }
  function strict(target, where) {
    return new Proxy(target, {
      get(t, p) {
        if (typeof p === 'symbol' || p in t) return t[p];
        if (p === 'then') return undefined;
        throw unsupported(where + p);
      },
    });
  }
  function resource(name, create) {
    const fn = function () { throw unsupported(name + '(sid)'); };
    fn.create = create;
    fn.list = () => Promise.reject(unsupported(name + '.list'));
    return strict(fn, name + '.');
  }
  function client() {
    return strict({
      messages: resource('messages', (o) => new Promise((res) => {
        if (!isObject(o) || typeof o.to !== 'string') throw new TypeError('messages.create expects {to, body, from?}');
        if (o.mediaUrl !== undefined) throw new Error('messages.create: mediaUrl is not supported (Cantila sends SMS)');
        if (o.messagingServiceSid !== undefined) throw unsupported('messagingServiceSid');
        if (typeof o.body !== 'string') throw new TypeError('messages.create expects a body string');
        if (o.from !== undefined && String(o.from).replace(/[^0-9+]/g, '') !== data.local) {
          throw new Error('messages.create: from must be the number handling this event (' + data.local + '), not '
            + o.from);
        }
        const id = call('send', o.to, o.body, null, {});
        res(freeze({ sid: id, to: o.to, from: data.local, body: o.body, status: 'queued',
          direction: 'outbound-api', accountSid: data.context.ACCOUNT_SID }));
      })),
      calls: resource('calls', (o) => new Promise((res) => {
        if (!isObject(o) || typeof o.to !== 'string') throw new TypeError('calls.create expects {to, from?, url | twiml}');
        const twiml = o.twiml === undefined ? null : String(o.twiml);
        const url = typeof o.url === 'string' ? o.url : null;
        if ((twiml === null) === (url === null)) throw new TypeError('calls.create expects exactly one of url and twiml');
        const id = call('callCreate', o.to, typeof o.from === 'string' ? o.from : null, twiml, url);
        res(freeze({ sid: id, to: o.to, from: data.local, status: 'queued', direction: 'outbound-api',
          accountSid: data.context.ACCOUNT_SID }));
      })),
    }, '');
  }
  const twilioModule = Object.assign(function twilio() { return client(); },
    { twiml: Twilio.twiml, Response: Response });

  globalThis.Twilio = Twilio;
  globalThis.Runtime = Runtime;

  // ---- One invocation. ----
  function answer(payload) {
    if (payload instanceof Response) {
      const b = payload._body;
      const headers = Object.assign({}, payload._headers);
      const text = b === undefined || b === null ? '' : typeof b === 'string' ? b : JSON.stringify(b);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type') && typeof b === 'object' && b) {
        headers['Content-Type'] = 'application/json';
      }
      return [Number(payload._statusCode), headers, text];
    }
    if (payload instanceof TwimlElement) return [200, { 'Content-Type': 'text/xml' }, payload.toString()];
    if (payload === undefined || payload === null) return [200, {}, ''];
    if (typeof payload === 'string') return [200, { 'Content-Type': 'text/plain' }, payload];
    return [200, { 'Content-Type': 'application/json' }, JSON.stringify(payload)];
  }

  let called = false;
  function callback(err, payload) {
    if (called) return;
    called = true;
    if (err !== undefined && err !== null) {
      done(false, err instanceof Error ? err : new Error(typeof err === 'string' ? err : JSON.stringify(err)), 500, {}, '');
      return;
    }
    let out;
    try {
      out = answer(payload);
    } catch (e) {
      done(false, e, 500, {}, '');
      return;
    }
    done(true, null, out[0], out[1], out[2]);
  }

  return freeze({
    define(file, factory) { factories.set(file, factory); },
    invoke(json) {
      data = JSON.parse(json);
      const env = JSON.parse(call('env'));
      const context = Object.assign({}, env, data.context, {
        getTwilioClient: () => client(),
      });
      const event = freeze(Object.assign({}, data.event, { request: freeze({ headers: freeze({}), cookies: freeze({}) }) }));
      const exported = load(data.file);
      const handler = exported && exported.handler;
      if (typeof handler !== 'function') {
        throw new Error(data.file + ' does not export a handler: write exports.handler = function (context, event,'
          + ' callback) { … }');
      }
      // A synchronous throw reaches the host as it is, with the handler's frames; a rejected promise fails the run.
      const result = handler(freeze(context), event, callback);
      if (result && typeof result.then === 'function') {
        result.then(undefined, (e) => callback(e === undefined || e === null ? new Error('rejected') : e));
      }
    },
  });
})
