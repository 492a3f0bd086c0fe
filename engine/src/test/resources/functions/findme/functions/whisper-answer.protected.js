// 1 accepts (the document ends, so the call is connected); anything else hangs the called party up.
exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  if (event.Digits === '1') {
    twiml.say('Connecting.');
  } else {
    twiml.hangup();
  }
  return callback(null, twiml);
};
