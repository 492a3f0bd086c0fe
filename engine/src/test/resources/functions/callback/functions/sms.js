// Text CALL ME to get a call back; the call runs the sibling function /outbound.
exports.handler = async function (context, event, callback) {
  const client = context.getTwilioClient();
  const twiml = new Twilio.twiml.MessagingResponse();
  if (event.Body.trim().toUpperCase() === 'CALL ME') {
    const call = await client.calls.create({
      to: event.From,
      from: event.To,
      url: `https://${context.DOMAIN_NAME}/outbound`,
    });
    console.log('calling', call.sid);
    twiml.message('Calling you now.');
  } else {
    twiml.message('Text CALL ME for a call back.');
  }
  callback(null, twiml);
};
