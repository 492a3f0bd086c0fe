// Find-me/follow-me: ring every number at once; whoever answers hears a whisper and presses 1 to take the call.
exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  twiml.say('Please hold while we find you someone.');
  const dial = twiml.dial({ action: 'findme-done', timeout: 20 });
  context.FOLLOW_ME.split(',').forEach((number) => dial.number({ url: 'whisper' }, number));
  return callback(null, twiml);
};
