exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  if (event.DialCallStatus === 'completed') {
    twiml.hangup();
  } else {
    twiml.say('Nobody is available. Goodbye.');
  }
  return callback(null, twiml);
};
