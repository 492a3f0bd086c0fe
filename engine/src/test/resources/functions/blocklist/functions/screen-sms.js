const { isBlocked } = require(Runtime.getFunctions()['blocklist'].path);

exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.MessagingResponse();
  if (!isBlocked(event.From)) {
    twiml.message('Thanks, we got your message.');
  }
  callback(null, twiml);
};
