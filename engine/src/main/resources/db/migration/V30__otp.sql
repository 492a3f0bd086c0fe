-- Issue #10: one-time codes (OTP / 2FA).
--
-- otp_verifications: one row per verification. The code is never stored in clear: code_hash is
-- HMAC-SHA256(install secret, id ":" code) for checking, code_sealed the code encrypted (AES-GCM, key derived from
-- the same install secret, which lives outside the database) so that a re-send and the voice fallback can repeat
-- the same code; code_sealed is cleared when the verification ends. prefix: the destination's country calling code
-- and first national digits (the SMS-pumping guard's unit). Status moves are compare-and-set on status.
CREATE TABLE otp_verifications (
    id           VARCHAR(40)   PRIMARY KEY,
    project_id   VARCHAR(40)   NOT NULL REFERENCES projects (id),
    to_e164      VARCHAR(20)   NOT NULL,
    country      VARCHAR(2)    NOT NULL,
    prefix       VARCHAR(20)   NOT NULL,
    channel      VARCHAR(8)    NOT NULL,
    status       VARCHAR(24)   NOT NULL,
    code_hash    VARCHAR(64)   NOT NULL,
    code_sealed  VARCHAR(200),
    code_length  INT           NOT NULL,
    locale       VARCHAR(8)    NOT NULL,
    app_name     VARCHAR(40),
    template     VARCHAR(320),
    app_hash     VARCHAR(11),
    web_otp_domain VARCHAR(253),
    client_ip    VARCHAR(45),
    sends        INT           NOT NULL,
    checks       INT           NOT NULL,
    last_message_id VARCHAR(40),
    failure      VARCHAR(40),
    expires_at   BIGINT        NOT NULL,
    created_at   BIGINT        NOT NULL,
    updated_at   BIGINT        NOT NULL,
    ended_at     BIGINT
);
CREATE INDEX otp_verifications_project ON otp_verifications (project_id, id);
CREATE INDEX otp_verifications_to ON otp_verifications (project_id, to_e164, status);
CREATE INDEX otp_verifications_prefix ON otp_verifications (project_id, prefix, created_at);
CREATE INDEX otp_verifications_due ON otp_verifications (status, expires_at);

-- Every code sent (first send and re-sends): what the rate limits count over their windows.
CREATE TABLE otp_sends (
    verification_id VARCHAR(40) NOT NULL,
    seq             INT         NOT NULL,
    project_id      VARCHAR(40) NOT NULL,
    to_e164         VARCHAR(20) NOT NULL,
    country         VARCHAR(2)  NOT NULL,
    client_ip       VARCHAR(45),
    created_at      BIGINT      NOT NULL,
    PRIMARY KEY (verification_id, seq)
);
CREATE INDEX otp_sends_project ON otp_sends (project_id, created_at);
CREATE INDEX otp_sends_to ON otp_sends (project_id, to_e164, created_at);
CREATE INDEX otp_sends_ip ON otp_sends (project_id, client_ip, created_at);
CREATE INDEX otp_sends_country ON otp_sends (project_id, country, created_at);

-- Idempotency-Key of POST …/sms/otp/request, as idempotency_keys is for /sms/send.
CREATE TABLE otp_idempotency (
    project_id      VARCHAR(40)  NOT NULL,
    idem_key        VARCHAR(255) NOT NULL,
    request_hash    VARCHAR(64)  NOT NULL,
    verification_id VARCHAR(40)  NOT NULL,
    created_at      BIGINT       NOT NULL,
    PRIMARY KEY (project_id, idem_key)
);

-- Prefixes the pumping guard blocked for a project (until the project lifts the block).
CREATE TABLE otp_blocked_prefixes (
    project_id  VARCHAR(40) NOT NULL,
    prefix      VARCHAR(20) NOT NULL,
    country     VARCHAR(2)  NOT NULL,
    requests    INT         NOT NULL,
    approvals   INT         NOT NULL,
    blocked_at  BIGINT      NOT NULL,
    PRIMARY KEY (project_id, prefix)
);

-- A project's own OTP policy: allowed countries (space-separated ISO codes; NULL = the countries of its numbers)
-- and limits that override the settings' defaults (NULL = the default).
CREATE TABLE otp_policies (
    project_id        VARCHAR(40) PRIMARY KEY REFERENCES projects (id),
    allowed_countries VARCHAR(750),
    per_destination   INT,
    per_client_ip     INT,
    per_minute        INT,
    per_day           INT,
    per_country       INT,
    updated_at        BIGINT      NOT NULL
);

-- An SMS whose text must not be stored in clear (a one-time code): body holds the redacted text the messages API
-- shows, sealed_body the real text encrypted with the install secret; only the carrier gets it opened.
ALTER TABLE sms_messages ADD COLUMN sealed_body VARCHAR(2000);
