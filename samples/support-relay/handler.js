// Support relay: a customer's text is forwarded to the agent's phone with a ticket number; the agent answers
// "#<ticket> <text>" and the answer is relayed to that customer from the support number, so the customer's
// thread shows one conversation with the business.
//
// Try it:   ./cantila test samples/support-relay/handler.js --sms "my order is late" --env AGENT=+14155550142
// Test it:  ./cantila test samples/support-relay/handler.js samples/support-relay/scenarios
// Deploy:   ./cantila deploy samples/support-relay/handler.js --project proj_… --number +1…
// Env:      AGENT (the agent's phone, E.164; required)

/** @param {CantilaSms} sms @param {CantilaCtx} ctx */
export function onSms(sms, ctx) {
  const agent = ctx.env.AGENT;
  if (!agent) throw new Error('set AGENT in the project env to the agent phone number');
  if (sms.from === agent) return fromAgent(sms, ctx);
  let ticket = /** @type {number | null} */ (ctx.kv.get('ticket:' + sms.from));
  if (ticket === null) {
    ticket = Number(ctx.kv.get('tickets') ?? 0) + 1;
    ctx.kv.set('tickets', ticket);
    ctx.kv.set('ticket:' + sms.from, ticket);
    ctx.kv.set('customer:' + ticket, sms.from);
    ctx.reply(`Thanks, we got your message (ticket #${ticket}). An agent will text you back shortly.`);
  }
  ctx.forward(agent, { prefix: `#${ticket} ${sms.from}: ` });
}

/** @param {CantilaSms} sms @param {CantilaCtx} ctx */
function fromAgent(sms, ctx) {
  const m = /^#(\d+)\s+([\s\S]+)$/.exec(sms.body.trim());
  if (!m) return ctx.reply('Start your answer with the ticket, e.g. "#12 Your order ships today."');
  const customer = ctx.kv.get('customer:' + m[1]);
  if (typeof customer !== 'string') return ctx.reply(`There is no ticket #${m[1]}.`);
  ctx.sms.send({ to: customer, body: m[2] });
  ctx.log.info('relayed ticket', m[1]);
}
