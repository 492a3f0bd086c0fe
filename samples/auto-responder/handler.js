// Keyword auto-responder: answers HOURS, ADDRESS and PRICES, and anything else with the menu.
// (STOP, START and HELP never reach a handler: the engine answers them, as carriers require.)
//
// Try it:   ./cantila test samples/auto-responder/handler.js --sms hours
// Test it:  ./cantila test samples/auto-responder/handler.js samples/auto-responder/scenarios
// Deploy:   ./cantila deploy samples/auto-responder/handler.js --project proj_… --number +1…
// Env:      HOURS, ADDRESS (optional; defaults below)

const MENU = 'Reply HOURS, ADDRESS or PRICES.';

/** @param {CantilaSms} sms @param {CantilaCtx} ctx */
export function onSms(sms, ctx) {
  const word = sms.body.trim().toUpperCase();
  /** @type {Record<string, string>} */
  const answers = {
    HOURS: `We are open ${ctx.env.HOURS ?? 'Mon-Fri 9am-5pm'}.`,
    ADDRESS: `Find us at ${ctx.env.ADDRESS ?? '1 Market St, San Francisco'}.`,
    PRICES: 'Haircut $30, beard trim $15, both $40.',
  };
  const answer = answers[word];
  ctx.log.info('keyword', word, answer ? 'known' : 'unknown');
  ctx.reply(answer ?? `Sorry, I did not get "${sms.body.trim().slice(0, 40)}". ${MENU}`);
}
