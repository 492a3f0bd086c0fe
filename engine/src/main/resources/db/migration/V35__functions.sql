-- Twilio Functions projects (issue #13): a number's script route may name the function it runs ("/sms", "/voice").
-- A project's files are stored in script_versions.source as one JSON object (handlers = 'functions').
ALTER TABLE number_routing ADD COLUMN sms_path VARCHAR(200);
ALTER TABLE number_routing ADD COLUMN voice_path VARCHAR(200);
