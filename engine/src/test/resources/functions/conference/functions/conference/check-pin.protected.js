exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  if (event.Digits !== context.CONFERENCE_PIN) {
    twiml.say('That PIN is not valid. Goodbye.');
    twiml.hangup();
    return callback(null, twiml);
  }
  twiml.say('You are joining the team room.');
  const dial = twiml.dial();
  dial.conference({ startConferenceOnEnter: true, endConferenceOnExit: false, statusCallback: 'conference-events' },
    'Team Room');
  return callback(null, twiml);
};
