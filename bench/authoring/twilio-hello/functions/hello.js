// The Twilio equivalent of a one-prompt call handler: answer with TwiML that says hello and gathers a digit.
exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  twiml.gather({ numDigits: 1 }).say('Thanks for calling. Press 1 for sales.');
  callback(null, twiml);
};
