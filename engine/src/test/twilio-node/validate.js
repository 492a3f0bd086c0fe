// Reads [{token, signature, url, params}] as JSON on stdin and prints [true|false, ...]: what the official twilio
// helper library's validateRequest says of each (TwilioSignatureTest feeds it Cantila's signatures).
const twilio = require('twilio');
let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const cases = JSON.parse(input);
  const out = cases.map((c) => twilio.validateRequest(c.token, c.signature, c.url, c.params));
  process.stdout.write(JSON.stringify(out));
});
