exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  const gather = twiml.gather({
    numDigits: 1,
    action: 'handle-user-input',
    hints: 'sales, opening hours',
    input: 'speech dtmf',
  });
  gather.say('For sales press 1, for opening hours press 2.');
  twiml.say("We didn't receive any input. Goodbye!");
  callback(null, twiml);
};
