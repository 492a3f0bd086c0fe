// Runs on the called party's leg when it answers, before the caller is connected.
exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  const gather = twiml.gather({ numDigits: 1, action: 'whisper-answer', timeout: 5 });
  gather.say('Call for you. Press 1 to accept.');
  twiml.hangup();
  return callback(null, twiml);
};
