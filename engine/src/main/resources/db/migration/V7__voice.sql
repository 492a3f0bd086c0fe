-- Voice (issue #4): calls with their state machine and timeline, voicemails and recordings.
-- A call is named by our id (call_...) and by its switch leg (leg_uuid: FreeSWITCH Unique-ID for inbound legs,
-- our origination_uuid for outbound ones). Instants are BIGINT epoch milliseconds.

CREATE TABLE calls (
    id               VARCHAR(40)   PRIMARY KEY,
    project_id       VARCHAR(40)   NOT NULL REFERENCES projects (id),
    direction        VARCHAR(8)    NOT NULL,
    from_e164        VARCHAR(20)   NOT NULL,
    to_e164          VARCHAR(20)   NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    leg_uuid         VARCHAR(64)   NOT NULL,
    node             VARCHAR(64),
    route_kind       VARCHAR(16),
    route_target     VARCHAR(2048),
    -- outbound calls: the string params given at creation, as a JSON object (call.params in the handler)
    params           VARCHAR(8000),
    cause            VARCHAR(64),
    created_at       BIGINT        NOT NULL,
    answered_at      BIGINT,
    ended_at         BIGINT,
    updated_at       BIGINT        NOT NULL,
    CONSTRAINT calls_leg UNIQUE (leg_uuid)
);
CREATE INDEX calls_project ON calls (project_id, id);
CREATE INDEX calls_project_status ON calls (project_id, status, id);
-- Reconciliation after a restart looks for calls that never reached a terminal state.
CREATE INDEX calls_status ON calls (status, id);

-- The timeline: every status change (event_type 'status') and what the call did (say, gather, forward, ...).
CREATE TABLE call_events (
    call_id     VARCHAR(40)  NOT NULL,
    seq         INT          NOT NULL,
    event_type  VARCHAR(24)  NOT NULL,
    status      VARCHAR(16),
    occurred_at BIGINT       NOT NULL,
    detail      VARCHAR(1000),
    PRIMARY KEY (call_id, seq)
);

CREATE TABLE voicemails (
    id             VARCHAR(40)   PRIMARY KEY,
    project_id     VARCHAR(40)   NOT NULL REFERENCES projects (id),
    call_id        VARCHAR(40)   NOT NULL,
    from_e164      VARCHAR(20)   NOT NULL,
    to_e164        VARCHAR(20)   NOT NULL,
    duration_ms    BIGINT        NOT NULL,
    recording_path VARCHAR(1024) NOT NULL,
    heard          BOOLEAN       NOT NULL,
    created_at     BIGINT        NOT NULL,
    heard_at       BIGINT
);
CREATE INDEX voicemails_project ON voicemails (project_id, id);

-- Recordings made by call.record() and forward({record: true}).
CREATE TABLE call_recordings (
    id             VARCHAR(40)   PRIMARY KEY,
    project_id     VARCHAR(40)   NOT NULL REFERENCES projects (id),
    call_id        VARCHAR(40)   NOT NULL,
    kind           VARCHAR(16)   NOT NULL,
    recording_path VARCHAR(1024) NOT NULL,
    duration_ms    BIGINT        NOT NULL,
    created_at     BIGINT        NOT NULL
);
CREATE INDEX call_recordings_call ON call_recordings (call_id, id);
