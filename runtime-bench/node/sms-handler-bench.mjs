// The Node twin of SmsHandlerBench: the same handler, a fresh vm context per event (vm.createContext), the
// script compiled once (vm.Script, like Cantila's cached Source), a ctx with reply/forward recording actions,
// the handler's promise awaited. Prints one JSON line: {"medianUsPerOp": ..., "iterationsUsPerOp": [...]}.
// Usage: node sms-handler-bench.mjs [warmupIterations=3] [iterations=5] [secondsPerIteration=2]
import vm from 'node:vm';

const [warmups = 3, iterations = 5, seconds = 2] = process.argv.slice(2).map(Number);

const handler = new vm.Script(`
async function onSms(sms, ctx) {
  if (/^hours$/i.test(sms.body)) return ctx.reply('We are open 9-5.');
  await ctx.forward('+14155550100');
}
onSms;
`, { filename: 'handler.js' });

const events = [
  { id: 'sms-1', from: '+14155550123', to: '+14155550199', body: 'hours', threadId: 't-1', receivedAt: '2026-01-01T00:00:00Z' },
  { id: 'sms-2', from: '+14155550123', to: '+14155550199', body: 'call me', threadId: 't-1', receivedAt: '2026-01-01T00:00:01Z' },
];
let ids = 0;
let next = 0;

async function invocation() {
  const actions = [];
  const context = vm.createContext({});
  const onSms = handler.runInContext(context, { timeout: 2000 });
  const ctx = Object.freeze({
    reply: (text) => { actions.push({ name: 'reply', text }); return { id: 'm' + ++ids }; },
    forward: (to) => { actions.push({ name: 'forward', to }); return { id: 'm' + ++ids }; },
    env: Object.freeze({ GREETING: 'hello' }),
  });
  await onSms(Object.freeze({ ...events[next++ & 1] }), ctx);
  if (actions.length !== 1) throw new Error('handler did not act');
  return actions;
}

async function iteration() {
  const end = process.hrtime.bigint() + BigInt(seconds * 1e9);
  const start = process.hrtime.bigint();
  let ops = 0;
  let now;
  do {
    await invocation();
    ops++;
    now = process.hrtime.bigint();
  } while (now < end);
  return Number(now - start) / 1e3 / ops;
}

for (let i = 0; i < warmups; i++) await iteration();
const results = [];
for (let i = 0; i < iterations; i++) results.push(await iteration());
const sorted = [...results].sort((a, b) => a - b);
console.log(JSON.stringify({ medianUsPerOp: sorted[Math.floor(sorted.length / 2)], iterationsUsPerOp: results }));
