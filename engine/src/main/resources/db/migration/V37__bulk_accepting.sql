-- Bulk accept in chunks (issue #14 lever 4). A batch is 'accepting' while its messages are inserted, each chunk in
-- its own transaction; the dispatcher takes no message of an 'accepting' batch, and one compare-and-set to 'sending'
-- publishes them all. accept_until (epoch ms, the accepting instance's clock) is renewed by every chunk: an
-- 'accepting' batch past it was left by a dead instance and is failed (failure_reason) and its messages deleted.
ALTER TABLE sms_batches ADD COLUMN accept_until BIGINT;
ALTER TABLE sms_batches ADD COLUMN failure_reason VARCHAR(400);
CREATE INDEX sms_batches_status ON sms_batches (status);
