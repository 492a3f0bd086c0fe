// IVR menu: a greeting, a one-key menu (bookings, hours, message) with two tries, forwarding to the bookings
// desk, and voicemail when nobody answers or the caller asks for it.
//
// Try it:   ./cantila test samples/ivr-menu/handler.js --call --digits 2
// Test it:  ./cantila test samples/ivr-menu/handler.js samples/ivr-menu/scenarios
// Deploy:   ./cantila deploy samples/ivr-menu/handler.js --project proj_… --number +1…
// Env:      BOOKINGS (the desk's phone, E.164), HOURS (spoken opening hours)

const MENU = 'Press 1 for bookings, 2 for our opening hours, or 0 to leave a message.';
// How long the menu waits for a key. Generous on purpose: in the README's tour a person presses the keys by typing
// curl commands, and a shorter wait ended the call while they were still typing.
const MENU_TIMEOUT_SECONDS = 30;

/** @param {CantilaCall} call @param {CantilaCtx} ctx */
export async function onCall(call, ctx) {
  await call.say('Thanks for calling Cantila Cuts.');
  for (let attempt = 1; attempt <= 2; attempt++) {
    const digit = await call.gather({ numDigits: 1, timeoutSeconds: MENU_TIMEOUT_SECONDS, prompt: { say: MENU } });
    ctx.log.info('menu attempt', attempt, 'digit', digit || '(none)');
    if (digit === '1') {
      const desk = ctx.env.BOOKINGS ?? '+14155550101';
      const result = await call.forward(desk, { timeoutSeconds: 20 });
      if (result.status === 'answered') return;
      ctx.log.warn('bookings desk', result.status);
      await call.say('Sorry, nobody can take your call right now.');
      break;
    }
    if (digit === '2') {
      await call.say(`We are open ${ctx.env.HOURS ?? 'Monday to Friday, 9 to 5'}.`);
      continue;
    }
    if (digit === '0') break;
    await call.say(digit === '' ? 'Sorry, I did not hear a choice.' : 'Sorry, that is not on the menu.');
  }
  await call.voicemail({ greeting: 'Please leave your name, number and message after the tone.', maxSeconds: 120 });
}
