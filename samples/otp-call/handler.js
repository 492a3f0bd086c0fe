// Outbound one-time code call: your app starts it with
//   POST /v1/projects/:id/voice/calls {"to": "+1…", "from": "<your number>", "script": "<this script>",
//                                      "params": {"code": "482913"}}
// and the callee hears the code twice, digit by digit, with a chance to repeat it once more.
//
// Try it:   ./cantila test samples/otp-call/handler.js samples/otp-call/scenarios
// Deploy:   ./cantila deploy samples/otp-call/handler.js --project proj_… --number +1…

/** @param {CantilaCall} call @param {CantilaCtx} ctx */
export async function onCall(call, ctx) {
  const code = call.params.code ?? '';
  if (call.direction !== 'outbound' || !/^\d{4,10}$/.test(code)) {
    ctx.log.error('this script reads a code on outbound calls; params.code was', code || '(missing)');
    return call.hangup();
  }
  const spoken = code.split('').join(', ');
  await call.say(`Hello. Your verification code is ${spoken}.`);
  await call.pause(1);
  await call.say(`Again, your code is ${spoken}.`);
  const again = await call.gather({ numDigits: 1, timeoutSeconds: 4, prompt: { say: 'Press 1 to hear it again.' } });
  if (again === '1') await call.say(`Your code is ${spoken}.`);
  await call.say('Goodbye.');
  await call.hangup();
}
