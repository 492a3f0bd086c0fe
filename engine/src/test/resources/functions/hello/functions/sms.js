exports.handler = (context, event, callback) => {
  const twiml = new Twilio.twiml.MessagingResponse();
  twiml.message(`Hello ${event.From}, you said: ${event.Body}`);
  return callback(null, twiml);
};
