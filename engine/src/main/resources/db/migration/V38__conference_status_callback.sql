-- Conference status callbacks (issue #13, TwiML <Conference statusCallback statusCallbackEvent statusCallbackMethod>).
-- The first participant that gives a statusCallback sets it for the conference (as Twilio does); every conference
-- or participant move of a subscribed event then posts Twilio's form parameters to it, numbered by
-- callback_sequence (Twilio's SequenceNumber), incremented in the transaction of the move it announces.
ALTER TABLE conferences ADD COLUMN status_callback VARCHAR(2048);
ALTER TABLE conferences ADD COLUMN status_callback_method VARCHAR(8);
ALTER TABLE conferences ADD COLUMN status_callback_events VARCHAR(64);
ALTER TABLE conferences ADD COLUMN callback_sequence INTEGER DEFAULT 0 NOT NULL;
