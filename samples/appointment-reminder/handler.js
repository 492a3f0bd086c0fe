// Appointment reminder: your system sends "Reply Y to confirm, N to cancel" reminders (through the API or
// ctx.sms.send) and stores the appointment in kv as appt:<phone> = {when, status: 'pending'}. This handler
// takes the answers. Y confirms, N cancels (and offers to rebook), anything else repeats the question.
// Note: YES, START and UNSTOP are carrier opt-in keywords that never reach a handler, hence Y and N.
//
// Try it:   ./cantila test samples/appointment-reminder/handler.js samples/appointment-reminder/scenarios
// Deploy:   ./cantila deploy samples/appointment-reminder/handler.js --project proj_… --number +1…
// Env:      BOOKING_URL (optional), OFFICE (optional: a phone number told about cancellations)

/** @param {CantilaSms} sms @param {CantilaCtx} ctx */
export function onSms(sms, ctx) {
  const key = 'appt:' + sms.from;
  const appt = /** @type {{when: string, status: string} | null} */ (ctx.kv.get(key));
  if (!appt) return ctx.reply('We have no upcoming appointment for this number. Call us to book one.');
  const answer = sms.body.trim().toUpperCase();
  if (appt.status !== 'pending') {
    return ctx.reply(`Your appointment on ${appt.when} is ${appt.status}. Call us to change it.`);
  }
  if (answer === 'Y' || answer === 'CONFIRM') {
    ctx.kv.set(key, { ...appt, status: 'confirmed' });
    return ctx.reply(`Confirmed: see you on ${appt.when}.`);
  }
  if (answer === 'N' || answer === 'NO') {
    ctx.kv.set(key, { ...appt, status: 'cancelled' });
    if (ctx.env.OFFICE) ctx.sms.send({ to: ctx.env.OFFICE, body: `${sms.from} cancelled ${appt.when}` });
    return ctx.reply(`Cancelled. Book a new time at ${ctx.env.BOOKING_URL ?? 'our website'}.`);
  }
  ctx.log.warn('unclear answer', sms.body);
  ctx.reply(`Please reply Y to confirm your appointment on ${appt.when}, or N to cancel.`);
}
