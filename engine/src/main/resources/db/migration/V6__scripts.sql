-- Handlers (issue #3): scripts with immutable content-hashed versions, the deployed version, executions, the
-- per-project key-value store, and each held number's routing.

CREATE TABLE scripts (
    id               VARCHAR(40)  PRIMARY KEY,
    project_id       VARCHAR(40)  NOT NULL REFERENCES projects (id),
    name             VARCHAR(100) NOT NULL,
    deployed_version INT,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL,
    CONSTRAINT scripts_name UNIQUE (project_id, name)
);

CREATE TABLE script_versions (
    script_id    VARCHAR(40)    NOT NULL REFERENCES scripts (id),
    version      INT            NOT NULL,
    content_hash VARCHAR(64)    NOT NULL,
    source       VARCHAR(300000) NOT NULL,
    handlers     VARCHAR(40)    NOT NULL,
    created_at   BIGINT         NOT NULL,
    PRIMARY KEY (script_id, version)
);

CREATE TABLE script_executions (
    id           VARCHAR(40)   PRIMARY KEY,
    project_id   VARCHAR(40)   NOT NULL,
    script_id    VARCHAR(40),
    version      INT,
    target       VARCHAR(16)   NOT NULL,
    e164         VARCHAR(20)   NOT NULL,
    event_type   VARCHAR(16)   NOT NULL,
    event_id     VARCHAR(40)   NOT NULL,
    outcome      VARCHAR(20)   NOT NULL,
    duration_ms  BIGINT        NOT NULL,
    detail       VARCHAR(65000) NOT NULL,
    created_at   BIGINT        NOT NULL
);
CREATE INDEX script_executions_script ON script_executions (script_id, id);
CREATE INDEX script_executions_number ON script_executions (e164, id);

CREATE TABLE kv_entries (
    project_id VARCHAR(40)   NOT NULL,
    kv_key     VARCHAR(128)  NOT NULL,
    kv_value   VARCHAR(20000) NOT NULL,
    updated_at BIGINT        NOT NULL,
    PRIMARY KEY (project_id, kv_key)
);

-- kind: script | url | forward (voice also: voicemail); target: script id, URL or E.164.
CREATE TABLE number_routing (
    e164        VARCHAR(20)   PRIMARY KEY,
    project_id  VARCHAR(40)   NOT NULL,
    sms_kind    VARCHAR(16),
    sms_target  VARCHAR(2048),
    voice_kind  VARCHAR(16),
    voice_target VARCHAR(2048),
    updated_at  BIGINT        NOT NULL
);
