const { isBlocked } = require(Runtime.getFunctions()['blocklist'].path);

exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  if (isBlocked(event.From)) {
    twiml.reject();
  } else {
    twiml.say('Welcome!');
  }
  callback(null, twiml);
};
