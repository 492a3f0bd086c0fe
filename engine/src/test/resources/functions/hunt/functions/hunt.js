// Dials each number of the group in turn; the Dial's action comes back here with DialCallStatus.
exports.handler = function (context, event, callback) {
  const group = context.HUNT_GROUP.split(',');
  const twiml = new Twilio.twiml.VoiceResponse();
  const i = parseInt(event.i || '0', 10);
  if (event.DialCallStatus === 'completed') {
    twiml.hangup();
    return callback(null, twiml);
  }
  const next = event.DialCallStatus ? i + 1 : i;
  if (next >= group.length) {
    twiml.say('Nobody is available. Goodbye.');
    return callback(null, twiml);
  }
  const dial = twiml.dial({ action: `hunt?i=${next}`, timeout: 15 });
  dial.number(group[next]);
  return callback(null, twiml);
};
