-- Twilio compatibility (issue #13).
-- A project's Twilio-style credentials: the AccountSid its requests carry and the auth token that signs them
-- (X-Twilio-Signature is an HMAC keyed by the token itself, so the token is kept, not only its hash).
CREATE TABLE twilio_accounts (
    project_id   VARCHAR(40)  PRIMARY KEY,
    account_sid  VARCHAR(34)  NOT NULL,
    auth_token   VARCHAR(64)  NOT NULL,
    created_at   BIGINT       NOT NULL,
    rotated_at   BIGINT       NOT NULL
);

-- The request format of a URL route: NULL or 'cantila' (signed JSON), 'twilio' (Twilio's form parameters,
-- X-Twilio-Signature, TwiML answer); and the method a 'twilio' route uses (POST or GET).
ALTER TABLE number_routing ADD COLUMN sms_format VARCHAR(16);
ALTER TABLE number_routing ADD COLUMN sms_method VARCHAR(8);
ALTER TABLE number_routing ADD COLUMN voice_format VARCHAR(16);
ALTER TABLE number_routing ADD COLUMN voice_method VARCHAR(8);
