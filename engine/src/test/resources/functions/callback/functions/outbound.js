exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  twiml.say(`This is your call back, ${event.Direction}.`);
  callback(null, twiml);
};
