-- Cantila webhooks, version 20 (module cantila-webhooks owns V20-V29).
-- Runs unchanged on H2 (MODE=PostgreSQL, DATABASE_TO_LOWER) and PostgreSQL. Ids are prefixed strings made in
-- Java; instants are BIGINT epoch milliseconds. project_id is not a foreign key: this module does not own projects.

CREATE TABLE webhook_endpoints (
    id          VARCHAR(40)   PRIMARY KEY,
    project_id  VARCHAR(40)   NOT NULL,
    url         VARCHAR(2048) NOT NULL,
    event_types VARCHAR(1000) NOT NULL, -- space-separated patterns: sms.inbound, sms.*, *
    description VARCHAR(500),
    active      BOOLEAN       NOT NULL,
    created_at  BIGINT        NOT NULL,
    updated_at  BIGINT        NOT NULL
);
CREATE INDEX webhook_endpoints_project ON webhook_endpoints (project_id, id);

-- Signing secrets. Active while expires_at is NULL or in the future; a rotation adds a new one and gives the
-- previous ones an expiry, so both sign during the overlap.
CREATE TABLE webhook_secrets (
    id          VARCHAR(40)  PRIMARY KEY,
    endpoint_id VARCHAR(40)  NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    secret      VARCHAR(100) NOT NULL,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT
);
CREATE INDEX webhook_secrets_endpoint ON webhook_secrets (endpoint_id);

-- Per-resource event counters. The row lock taken by UPDATE serialises concurrent emits for one resource
-- across engine instances until the emitting transaction commits.
CREATE TABLE webhook_sequences (
    project_id    VARCHAR(40)  NOT NULL,
    resource_id   VARCHAR(100) NOT NULL,
    last_sequence BIGINT       NOT NULL,
    PRIMARY KEY (project_id, resource_id)
);

CREATE TABLE webhook_events (
    id          VARCHAR(40)  PRIMARY KEY,
    project_id  VARCHAR(40)  NOT NULL,
    event_type  VARCHAR(64)  NOT NULL,
    resource_id VARCHAR(100) NOT NULL,
    seq         BIGINT       NOT NULL,
    payload     TEXT         NOT NULL, -- the exact JSON body sent and signed
    created_at  BIGINT       NOT NULL,
    UNIQUE (project_id, resource_id, seq)
);
CREATE INDEX webhook_events_project ON webhook_events (project_id, id);

-- One row per event x target. status: pending | failed (retry scheduled) | succeeded | dead.
-- lane orders deliveries: the endpoint id, or 'cb_' + a hash of the project and callback URL; within a lane,
-- seq n+1 of a resource is not claimed while seq n is pending or failed. A row is in flight while
-- lease_until > now; lease_token guards the result against a worker whose lease was taken over.
CREATE TABLE webhook_deliveries (
    id               VARCHAR(40)   PRIMARY KEY,
    project_id       VARCHAR(40)   NOT NULL,
    event_id         VARCHAR(40)   NOT NULL REFERENCES webhook_events (id),
    endpoint_id      VARCHAR(40),            -- NULL for a callback target
    callback_url     VARCHAR(2048),          -- set for a callback target only
    callback_secrets VARCHAR(1000),          -- space-separated, set for a callback target only
    lane             VARCHAR(80)   NOT NULL,
    resource_id      VARCHAR(100)  NOT NULL,
    seq              BIGINT        NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    next_attempt_at  BIGINT        NOT NULL,
    lease_token      VARCHAR(40),
    lease_until      BIGINT,
    last_status_code INTEGER,
    last_error       VARCHAR(1000),
    redelivery       BOOLEAN       NOT NULL, -- set by redeliver, cleared by the next attempt (logged as one)
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_lane ON webhook_deliveries (lane, resource_id, seq);
CREATE INDEX webhook_deliveries_project ON webhook_deliveries (project_id, id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);

-- The attempt log: one row per HTTP try. status_code NULL when no response (error says why: timeout, refused).
CREATE TABLE webhook_attempts (
    id           VARCHAR(40)   PRIMARY KEY,
    delivery_id  VARCHAR(40)   NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at BIGINT        NOT NULL,
    status_code  INTEGER,
    error        VARCHAR(1000),
    duration_ms  BIGINT        NOT NULL,
    redelivery   BOOLEAN       NOT NULL  -- the first try after a manual redeliver
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempted_at);
