-- Issue #9 (items 4 and 5). Every code the engine writes fits its column (ColumnWidthsTest checks each against
-- this schema): message error codes are up to 32 characters ('recipient_opted_out' did not fit 16, so the status
-- write failed and the message stayed 'sending').
ALTER TABLE sms_messages ALTER COLUMN error_code SET DATA TYPE VARCHAR(32);
ALTER TABLE sim_carrier_submissions ALTER COLUMN error_code SET DATA TYPE VARCHAR(32);
-- 'stopped_after_hangup' filled all 20: room for the next outcome.
ALTER TABLE script_executions ALTER COLUMN outcome SET DATA TYPE VARCHAR(32);

-- A keyword's answer (the STOP confirmation, the HELP answer): the messages allowed to a recipient who opted out.
-- Set only by the keyword handler (SmsService.queueDirect), never from an API request.
ALTER TABLE sms_messages ADD COLUMN keyword_reply BOOLEAN DEFAULT FALSE NOT NULL;

-- How often the dispatcher's own write for a message failed (not the carrier's refusals): after
-- Dispatcher.MAX_OWN_FAILURES the message ends 'failed' with 'internal_error' instead of staying 'sending'.
ALTER TABLE sms_messages ADD COLUMN dispatch_errors INT DEFAULT 0 NOT NULL;
