// Business-hours routing for calls and texts, configured in the project env: in hours, calls ring the staff
// phone and texts are forwarded to it; out of hours, callers get a voicemail and texters an automatic answer.
//
// Try it:   ./cantila test samples/business-hours/handler.js --sms "are you open?" --env STAFF=+14155550142
// Test it:  ./cantila test samples/business-hours/handler.js samples/business-hours/scenarios
// Deploy:   ./cantila deploy samples/business-hours/handler.js --project proj_… --number +1…
// Env:      STAFF (E.164, required), TZ (IANA zone, default America/New_York), OPEN and CLOSE (HH:MM, default
//           09:00 and 17:00), DAYS (open weekdays, 1=Mon … 7=Sun, default 1-5), HOURS_TEXT (how to say them)

const WEEKDAYS = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** @param {Readonly<Record<string, string>>} env @param {Date} now */
export function isOpen(env, now) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: env.TZ ?? 'America/New_York', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(now);
  /** @param {string} type */
  const part = (type) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS[/** @type {keyof typeof WEEKDAYS} */ (part('weekday'))];
  const [first, last] = (env.DAYS ?? '1-5').split('-').map(Number);
  const minutes = Number(part('hour')) * 60 + Number(part('minute'));
  /** @param {string} hhmm */
  const toMinutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return day >= first && day <= (last ?? first)
    && minutes >= toMinutes(env.OPEN ?? '09:00') && minutes < toMinutes(env.CLOSE ?? '17:00');
}

/** @param {Readonly<Record<string, string>>} env */
function staff(env) {
  if (!env.STAFF) throw new Error('set STAFF in the project env to the phone that answers in business hours');
  return env.STAFF;
}

/** @param {CantilaSms} sms @param {CantilaCtx} ctx */
export function onSms(sms, ctx) {
  if (isOpen(ctx.env, new Date())) return ctx.forward(staff(ctx.env), { prefix: `From ${sms.from}: ` });
  ctx.reply(`Thanks for your message. We are closed now; we are open ${ctx.env.HOURS_TEXT ?? 'Mon-Fri 9am-5pm ET'}`
    + ' and will get back to you then.');
}

/** @param {CantilaCall} call @param {CantilaCtx} ctx */
export async function onCall(call, ctx) {
  if (isOpen(ctx.env, new Date())) {
    const result = await call.forward(staff(ctx.env), { timeoutSeconds: 25 });
    if (result.status === 'answered') return;
    await call.say('Sorry, we could not reach anyone.');
  } else {
    await call.say(`We are closed. Our hours are ${ctx.env.HOURS_TEXT ?? 'Monday to Friday, 9 to 5 Eastern'}.`);
  }
  await call.voicemail({ greeting: 'Please leave a message after the tone.' });
}
