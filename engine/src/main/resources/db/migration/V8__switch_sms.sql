-- SMS sent through FreeSWITCH's chat API (SIP MESSAGE): one row per message id, written before the send, so a
-- re-submit after a crash never sends twice. state: sending (outcome unknown if a crash left it so) | sent | failed.
CREATE TABLE switch_sms_submissions (
    message_id   VARCHAR(40)   PRIMARY KEY,
    carrier_id   VARCHAR(64),
    state        VARCHAR(16)   NOT NULL,
    error        VARCHAR(512),
    created_at   BIGINT        NOT NULL,
    reported     BOOLEAN       NOT NULL DEFAULT FALSE
);
CREATE INDEX switch_sms_unreported ON switch_sms_submissions (reported, state, created_at);
