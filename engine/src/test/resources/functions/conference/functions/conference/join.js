// A PIN-gated conference: the caller types the PIN, the sibling function checks it.
exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  const gather = twiml.gather({ numDigits: 4, action: 'check-pin', timeout: 10 });
  gather.say('Welcome. Please enter your conference PIN.');
  twiml.say('We did not get a PIN. Goodbye.');
  return callback(null, twiml);
};
