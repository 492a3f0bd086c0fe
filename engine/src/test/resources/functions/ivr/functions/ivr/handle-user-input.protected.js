exports.handler = async function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  const choice = event.Digits || (event.SpeechResult || '').toLowerCase();
  switch (choice) {
    case '1':
    case 'sales':
      twiml.say('Connecting you to sales.');
      twiml.dial(context.SALES_NUMBER || '+14155550101');
      break;
    case '2':
    case 'opening hours':
      twiml.say('We are open nine to five.');
      break;
    default:
      twiml.say("Sorry, I don't understand that choice.");
      twiml.redirect('welcome');
  }
  return callback(null, twiml);
};
