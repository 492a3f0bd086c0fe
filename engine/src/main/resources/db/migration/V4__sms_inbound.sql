-- Inbound SMS and two-way threads: a thread is (project number, remote number); both directions are found by
-- these indexes (outbound: from = project number, to = remote; inbound: the reverse).
CREATE INDEX sms_messages_from ON sms_messages (project_id, from_e164, id);
CREATE INDEX sms_messages_to ON sms_messages (project_id, to_e164, id);
CREATE INDEX sms_messages_direction ON sms_messages (project_id, direction, id);

-- The simulated carrier looks up owed delivery receipts by due time.
CREATE INDEX sim_carrier_receipts ON sim_carrier_submissions (reported, dlr_due_at);
