-- The number lifecycle (issue #11): port-in documents and requests, transfers between projects, release aging,
-- port-out PINs and requests. Instants are BIGINT epoch milliseconds of the engine's clock.

-- A bill or letter of authorisation a project uploaded; the bytes live under the data directory
-- (documents/<project>/<id>), the row says what they are.
CREATE TABLE port_documents (
    id           VARCHAR(40)  PRIMARY KEY,
    project_id   VARCHAR(40)  NOT NULL REFERENCES projects (id),
    filename     VARCHAR(200) NOT NULL,
    content_type VARCHAR(32)  NOT NULL,
    size_bytes   BIGINT       NOT NULL,
    sha256       VARCHAR(64)  NOT NULL,
    created_at   BIGINT       NOT NULL
);
CREATE INDEX port_documents_project ON port_documents (project_id, id);

-- A port-in request. status moves by compare-and-set on (status, version); next_step_at is when the simulated
-- losing carrier (or the expiry of a signature wait, or the FOC) acts on it next, null when nothing is due:
-- the worker polls it, so a restart resumes where the engine stopped.
CREATE TABLE port_ins (
    id                  VARCHAR(40)  PRIMARY KEY,
    project_id          VARCHAR(40)  NOT NULL REFERENCES projects (id),
    status              VARCHAR(32)  NOT NULL,
    version             INT          NOT NULL,
    carrier_name        VARCHAR(100) NOT NULL,
    account_number      VARCHAR(64)  NOT NULL,
    account_pin         VARCHAR(16),
    authorized_name     VARCHAR(200) NOT NULL,
    service_address     VARCHAR(500) NOT NULL,
    target_date         VARCHAR(10),
    foc_date            VARCHAR(10),
    foc_at              BIGINT,
    documents           VARCHAR(420) NOT NULL,
    notification_emails VARCHAR(1300),
    signer_name         VARCHAR(200),
    signer_title        VARCHAR(100),
    signed_at           BIGINT,
    signed_from         VARCHAR(64),
    reason              VARCHAR(64),
    reason_message      VARCHAR(500),
    next_step_at        BIGINT,
    created_at          BIGINT       NOT NULL,
    updated_at          BIGINT       NOT NULL
);
CREATE INDEX port_ins_project ON port_ins (project_id, id);
CREATE INDEX port_ins_due ON port_ins (next_step_at);

CREATE TABLE port_in_numbers (
    port_in_id  VARCHAR(40) NOT NULL,
    e164        VARCHAR(20) NOT NULL,
    country     CHAR(2)     NOT NULL,
    number_type VARCHAR(16) NOT NULL,
    PRIMARY KEY (port_in_id, e164)
);

-- One number in one active port: the primary key decides between two requests racing for a number. The row is
-- deleted in the transaction that moves its port to a terminal status.
CREATE TABLE port_in_active (
    e164       VARCHAR(20) PRIMARY KEY,
    port_in_id VARCHAR(40) NOT NULL
);

-- The timeline of a port-in: one row per move.
CREATE TABLE port_in_events (
    id         VARCHAR(40)  PRIMARY KEY,
    port_in_id VARCHAR(40)  NOT NULL,
    status     VARCHAR(32)  NOT NULL,
    reason     VARCHAR(64),
    detail     VARCHAR(500),
    at         BIGINT       NOT NULL
);
CREATE INDEX port_in_events_port ON port_in_events (port_in_id, id);

-- Release aging: a released number is 'aging' until aging_until, reclaimable by released_by, then 'available'.
ALTER TABLE numbers ADD COLUMN aging_until BIGINT;
ALTER TABLE numbers ADD COLUMN released_by VARCHAR(40);
-- The port-out PIN of a held number, as a salted hash (the PIN itself is shown once).
ALTER TABLE numbers ADD COLUMN port_out_pin_hash VARCHAR(100);
CREATE INDEX numbers_aging ON numbers (status, aging_until);

-- A number offered by one project to another. status: pending | accepted | rejected | expired | canceled;
-- moves are compare-and-set on status. At most one pending transfer per number (pending_e164 is the number while
-- pending and NULL after, under a UNIQUE constraint that ignores NULLs on H2 and PostgreSQL alike).
CREATE TABLE number_transfers (
    id              VARCHAR(40) PRIMARY KEY,
    e164            VARCHAR(20) NOT NULL,
    pending_e164    VARCHAR(20) UNIQUE,
    from_project_id VARCHAR(40) NOT NULL REFERENCES projects (id),
    to_project_id   VARCHAR(40) NOT NULL REFERENCES projects (id),
    status          VARCHAR(16) NOT NULL,
    created_at      BIGINT      NOT NULL,
    expires_at      BIGINT      NOT NULL,
    decided_at      BIGINT
);
CREATE INDEX number_transfers_from ON number_transfers (from_project_id, id);
CREATE INDEX number_transfers_to ON number_transfers (to_project_id, id);

-- Port-out requests from other carriers (simulated: POST /v1/sim/port-out). status: refused (wrong PIN, kept as the
-- log of the attempt) | foc_scheduled | completed | canceled (the number was released or moved before the FOC).
CREATE TABLE port_outs (
    id              VARCHAR(40)  PRIMARY KEY,
    e164            VARCHAR(20)  NOT NULL,
    project_id      VARCHAR(40),
    status          VARCHAR(16)  NOT NULL,
    gaining_carrier VARCHAR(100) NOT NULL,
    reason          VARCHAR(64),
    foc_at          BIGINT,
    next_step_at    BIGINT,
    created_at      BIGINT       NOT NULL
);
CREATE INDEX port_outs_due ON port_outs (next_step_at);
CREATE INDEX port_outs_number ON port_outs (e164, id);
