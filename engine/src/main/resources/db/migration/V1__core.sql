-- Cantila schema, version 1: projects and keys, numbers and billing, outbound SMS.
-- Runs unchanged on H2 (MODE=PostgreSQL, DATABASE_TO_LOWER) and PostgreSQL.
-- Conventions: ids are prefixed time-ordered strings made in Java; instants are BIGINT epoch milliseconds
-- (*_at) or microseconds (*_us); money is BIGINT minor units plus a CHAR(3) currency.

CREATE TABLE settings (
    name  VARCHAR(64)  PRIMARY KEY,
    setting_value VARCHAR(512) NOT NULL
);

CREATE TABLE projects (
    id         VARCHAR(40)  PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    help_text  VARCHAR(480),
    created_at BIGINT       NOT NULL
);

-- scope: 'project' (the project's own key, all of its routes) or 'sms' (CANTILA_SMS_API_KEY: its SMS routes).
CREATE TABLE api_keys (
    id          VARCHAR(40) PRIMARY KEY,
    project_id  VARCHAR(40) NOT NULL REFERENCES projects (id),
    scope       VARCHAR(16) NOT NULL,
    secret_hash VARCHAR(64) NOT NULL,
    created_at  BIGINT      NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX api_keys_project ON api_keys (project_id);

CREATE TABLE project_env (
    project_id VARCHAR(40)   NOT NULL REFERENCES projects (id),
    name       VARCHAR(128)  NOT NULL,
    env_value  VARCHAR(4096) NOT NULL,
    secret     BOOLEAN       NOT NULL,
    updated_at BIGINT        NOT NULL,
    PRIMARY KEY (project_id, name)
);

-- The catalog and the held numbers are one table: status 'available' or 'held' (by project_id).
CREATE TABLE numbers (
    e164        VARCHAR(20) PRIMARY KEY,
    country     CHAR(2)     NOT NULL,
    area_code   VARCHAR(8)  NOT NULL,
    number_type VARCHAR(16) NOT NULL,
    cap_sms     BOOLEAN     NOT NULL,
    cap_voice   BOOLEAN     NOT NULL,
    cap_mms     BOOLEAN     NOT NULL,
    setup_fee   BIGINT      NOT NULL,
    monthly_fee BIGINT      NOT NULL,
    currency    CHAR(3)     NOT NULL,
    status      VARCHAR(16) NOT NULL,
    project_id  VARCHAR(40) REFERENCES projects (id),
    lease_id    VARCHAR(40),
    acquired_at BIGINT
);
CREATE INDEX numbers_search ON numbers (country, number_type, status, e164);
CREATE INDEX numbers_project ON numbers (project_id);

-- One row per holding of a number by a project. billed_until = end of the last month period charged.
CREATE TABLE number_leases (
    id            VARCHAR(40) PRIMARY KEY,
    e164          VARCHAR(20) NOT NULL,
    project_id    VARCHAR(40) NOT NULL REFERENCES projects (id),
    monthly_fee   BIGINT      NOT NULL,
    currency      CHAR(3)     NOT NULL,
    started_at    BIGINT      NOT NULL,
    ended_at      BIGINT,
    billed_until  BIGINT      NOT NULL
);
CREATE INDEX number_leases_open ON number_leases (ended_at, billed_until);

-- The billing ledger. UNIQUE (lease_id, kind, period_start) makes monthly accrual idempotent across instances.
CREATE TABLE charges (
    id           VARCHAR(40)  PRIMARY KEY,
    project_id   VARCHAR(40)  NOT NULL REFERENCES projects (id),
    lease_id     VARCHAR(40)  NOT NULL,
    e164         VARCHAR(20)  NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    description  VARCHAR(200) NOT NULL,
    amount       BIGINT       NOT NULL,
    currency     CHAR(3)      NOT NULL,
    period_start BIGINT       NOT NULL,
    period_end   BIGINT       NOT NULL,
    created_at   BIGINT       NOT NULL,
    CONSTRAINT charges_once UNIQUE (lease_id, kind, period_start)
);
CREATE INDEX charges_project ON charges (project_id, id);

-- The project's SMS activation (at most one active number per project).
CREATE TABLE sms_activations (
    project_id   VARCHAR(40) PRIMARY KEY REFERENCES projects (id),
    e164         VARCHAR(20) NOT NULL,
    api_key_id   VARCHAR(40) NOT NULL,
    activated_at BIGINT      NOT NULL
);

CREATE TABLE sms_templates (
    id         VARCHAR(40)   PRIMARY KEY,
    project_id VARCHAR(40)   NOT NULL REFERENCES projects (id),
    name       VARCHAR(100)  NOT NULL,
    body       VARCHAR(4000) NOT NULL,
    created_at BIGINT        NOT NULL,
    updated_at BIGINT        NOT NULL,
    CONSTRAINT sms_templates_name UNIQUE (project_id, name)
);

CREATE TABLE sms_batches (
    id           VARCHAR(40)   PRIMARY KEY,
    project_id   VARCHAR(40)   NOT NULL REFERENCES projects (id),
    from_e164    VARCHAR(20)   NOT NULL,
    template_id  VARCHAR(40),
    body         VARCHAR(4000),
    total        INT           NOT NULL,
    accepted     INT           NOT NULL,
    rejected     INT           NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    created_at   BIGINT        NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX sms_batches_project ON sms_batches (project_id, id);

CREATE TABLE sms_batch_rejections (
    batch_id VARCHAR(40)  NOT NULL,
    idx      INT          NOT NULL,
    to_raw   VARCHAR(64),
    code     VARCHAR(40)  NOT NULL,
    message  VARCHAR(400) NOT NULL,
    PRIMARY KEY (batch_id, idx)
);

-- Messages in both directions. due_at: when the dispatcher may take it; lease_*: which instance holds it.
CREATE TABLE sms_messages (
    id              VARCHAR(40)   PRIMARY KEY,
    project_id      VARCHAR(40)   NOT NULL REFERENCES projects (id),
    direction       VARCHAR(8)    NOT NULL,
    from_e164       VARCHAR(20)   NOT NULL,
    to_e164         VARCHAR(20)   NOT NULL,
    body            VARCHAR(4000) NOT NULL,
    encoding        VARCHAR(8)    NOT NULL,
    segments        INT           NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    template_id     VARCHAR(40),
    batch_id        VARCHAR(40),
    batch_index     INT,
    status_callback VARCHAR(2048),
    error_code      VARCHAR(16),
    error_message   VARCHAR(400),
    carrier_id      VARCHAR(64),
    send_at         BIGINT,
    due_at          BIGINT        NOT NULL,
    lease_owner     VARCHAR(64),
    lease_until     BIGINT,
    attempts        INT           NOT NULL,
    created_at      BIGINT        NOT NULL,
    updated_at      BIGINT        NOT NULL
);
-- The dispatcher's claim: per sender, per status, oldest due first (the index order is the ORDER BY, so a claim
-- reads only the rows it takes, however long the backlog).
CREATE INDEX sms_messages_claim ON sms_messages (from_e164, status, due_at, id);
CREATE INDEX sms_messages_project ON sms_messages (project_id, id);
CREATE INDEX sms_messages_batch ON sms_messages (batch_id, status);

-- Every status change after the first, with its time, in order (the first is the message's own status at
-- created_at; see MessageStore.initialStatus).
CREATE TABLE sms_events (
    message_id VARCHAR(40)  NOT NULL,
    seq        INT          NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    occurred_at BIGINT      NOT NULL,
    detail     VARCHAR(400),
    PRIMARY KEY (message_id, seq)
);

-- Every number that has sent, with its pacing state shared by all engine instances: the next free send slot.
-- The dispatcher walks this (small) table instead of scanning the message backlog for senders.
CREATE TABLE sms_senders (
    e164         VARCHAR(20) PRIMARY KEY,
    next_slot_us BIGINT      NOT NULL
);

CREATE TABLE idempotency_keys (
    project_id   VARCHAR(40)  NOT NULL,
    idem_key     VARCHAR(255) NOT NULL,
    request_hash VARCHAR(64)  NOT NULL,
    message_id   VARCHAR(40)  NOT NULL,
    created_at   BIGINT       NOT NULL,
    PRIMARY KEY (project_id, idem_key)
);

-- Recipients who texted STOP to one of the project's numbers (filled by inbound SMS, issue #3).
CREATE TABLE sms_opt_outs (
    project_id VARCHAR(40) NOT NULL,
    e164       VARCHAR(20) NOT NULL,
    created_at BIGINT      NOT NULL,
    PRIMARY KEY (project_id, e164)
);

-- The simulated carrier's own books: what it accepted (deduplicated by our message id, so a re-submit after
-- a crash is not a second send) and which receipts it still owes.
CREATE TABLE sim_carrier_submissions (
    message_id   VARCHAR(40) PRIMARY KEY,
    carrier_id   VARCHAR(64) NOT NULL,
    from_e164    VARCHAR(20) NOT NULL,
    to_e164      VARCHAR(20) NOT NULL,
    segments     INT         NOT NULL,
    outcome      VARCHAR(16) NOT NULL,
    error_code   VARCHAR(16),
    accepted_at  BIGINT      NOT NULL,
    sent_due_at  BIGINT      NOT NULL,
    dlr_due_at   BIGINT      NOT NULL,
    reported     VARCHAR(16) NOT NULL
);
CREATE INDEX sim_carrier_due ON sim_carrier_submissions (reported, sent_due_at);
