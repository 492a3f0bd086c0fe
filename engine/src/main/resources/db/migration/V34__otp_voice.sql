-- Issue #10, second half: codes by voice call, the auto channel (SMS, then a call), one pending verification per
-- destination.
--
-- channels: the channels the code went out on so far, in order, comma-separated (sms, call); last_call_id the
-- newest code call (its row keeps no code: the call reads it from code_sealed while it speaks). fallback_at: an
-- auto verification's call is due then (or earlier, when its SMS is reported undelivered) unless it was approved;
-- NULL once the call was placed, and for other channels.
ALTER TABLE otp_verifications ADD COLUMN channels VARCHAR(16);
ALTER TABLE otp_verifications ADD COLUMN last_call_id VARCHAR(40);
ALTER TABLE otp_verifications ADD COLUMN fallback_at BIGINT;
UPDATE otp_verifications SET channels = channel;
CREATE INDEX otp_verifications_fallback ON otp_verifications (fallback_at);

-- At most one pending verification per project and destination: the first request inserts this row in the
-- transaction that creates the verification (a concurrent first request hits the key and re-sends instead); the
-- row goes when the verification ends.
CREATE TABLE otp_pending (
    project_id      VARCHAR(40) NOT NULL,
    to_e164         VARCHAR(20) NOT NULL,
    verification_id VARCHAR(40) NOT NULL,
    PRIMARY KEY (project_id, to_e164)
);
INSERT INTO otp_pending (project_id, to_e164, verification_id)
    SELECT project_id, to_e164, MAX(id) FROM otp_verifications WHERE status = 'pending' GROUP BY project_id, to_e164;

-- A project's own delay before an auto verification's call (NULL = cantila.otp.fallback-delay).
ALTER TABLE otp_policies ADD COLUMN fallback_seconds INT;
