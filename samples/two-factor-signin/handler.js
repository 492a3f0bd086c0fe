// Two-factor sign-in by SMS reply, with voice fallback: the user texts LOGIN, gets a one-time code (by SMS; if they
// have not answered with it after the project's fallback delay, a call reads the same code out), and texts the code
// back. The code never reaches this script or its log: ctx.otp sends it and checks it.
//
// Try it:   ./cantila test samples/two-factor-signin/handler.js --sms LOGIN
// Test it:  ./cantila test samples/two-factor-signin/handler.js samples/two-factor-signin/scenarios
// Deploy:   ./cantila deploy samples/two-factor-signin/handler.js --project proj_… --number +1…
// Env:      APP_NAME (optional; named in the code text, default "Acme")

/** The machine code of a refused ctx.otp call (`expired`, `max_attempts_reached`, …). */
const codeOf = (/** @type {unknown} */ e) => /** @type {{code?: string}} */ (e).code;

/** @param {CantilaSms} sms @param {CantilaCtx} ctx */
export async function onSms(sms, ctx) {
  const text = sms.body.trim();
  if (text.toUpperCase() === 'LOGIN') {
    try {
      const v = await ctx.otp.request(sms.from, { channel: 'auto', appName: ctx.env.APP_NAME ?? 'Acme' });
      ctx.log.info('code sent', v.id, 'expires', v.expiresAt);
      ctx.kv.set('signin:' + sms.from, { id: v.id, at: sms.receivedAt });
    } catch (e) {
      ctx.log.warn('no code', codeOf(e));
      ctx.reply(codeOf(e) === 'max_sends_reached' ? 'Too many codes asked for; try again later.' : 'Sign-in is unavailable right now.');
    }
    return;
  }
  if (!/^[0-9]{4,10}$/.test(text)) {
    ctx.reply('Text LOGIN to sign in.');
    return;
  }
  if (ctx.kv.get('signin:' + sms.from) === null) {
    ctx.reply('Text LOGIN first to get a code.');
    return;
  }
  try {
    const check = await ctx.otp.verify(sms.from, text);
    if (check.status === 'approved') {
      ctx.kv.delete('signin:' + sms.from);
      ctx.reply('Signed in');
    } else if (check.checksLeft > 0) {
      ctx.reply(`Wrong code, ${check.checksLeft} ${check.checksLeft === 1 ? 'try' : 'tries'} left`);
    } else {
      ctx.kv.delete('signin:' + sms.from);
      ctx.reply('Too many wrong codes. Text LOGIN for a new one.');
    }
  } catch (e) {
    ctx.kv.delete('signin:' + sms.from);
    ctx.reply(codeOf(e) === 'expired' ? 'That code has expired. Text LOGIN for a new one.'
      : 'That code can no longer be used. Text LOGIN for a new one.');
  }
}
