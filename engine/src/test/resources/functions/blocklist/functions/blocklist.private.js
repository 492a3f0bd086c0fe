// Loaded with require(Runtime.getFunctions()['blocklist'].path); not reachable by URL.
const numbers = JSON.parse(Runtime.getAssets()['/blocked.json'].open());

exports.isBlocked = (phoneNumber) => numbers.includes(phoneNumber);
