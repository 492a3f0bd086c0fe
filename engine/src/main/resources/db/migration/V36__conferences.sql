-- Conferences (issue #13 part 8): call.conference(name, ...) and TwiML <Dial><Conference>.
-- A conference is one instance of a named room in a project: it is created by its first participant, waits (init)
-- until a startOnEnter participant joins, runs (in-progress), and ends (completed) when an endOnExit participant
-- leaves or the last one does. The next call to the same name then opens a new conference. live_name holds the
-- name while the conference is not completed: the unique index makes "one live conference per project and name"
-- hold across engine instances (NULLs do not collide, on H2 and PostgreSQL alike). Instants are epoch ms.
CREATE TABLE conferences (
    id            VARCHAR(40)   PRIMARY KEY,
    project_id    VARCHAR(40)   NOT NULL REFERENCES projects (id),
    name          VARCHAR(128)  NOT NULL,
    live_name     VARCHAR(128),
    status        VARCHAR(16)   NOT NULL,
    end_reason    VARCHAR(32),
    created_at    BIGINT        NOT NULL,
    started_at    BIGINT,
    ended_at      BIGINT,
    updated_at    BIGINT        NOT NULL
);
CREATE UNIQUE INDEX conferences_live ON conferences (project_id, live_name);
CREATE INDEX conferences_project ON conferences (project_id, id);
CREATE INDEX conferences_project_name ON conferences (project_id, name, id);

-- A call's time in a conference: waiting (the conference has not started: wait audio), joined, left.
CREATE TABLE conference_participants (
    conference_id  VARCHAR(40)   NOT NULL,
    call_id        VARCHAR(40)   NOT NULL,
    project_id     VARCHAR(40)   NOT NULL,
    leg_uuid       VARCHAR(64)   NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    muted          BOOLEAN       NOT NULL,
    start_on_enter BOOLEAN       NOT NULL,
    end_on_exit    BOOLEAN       NOT NULL,
    leave_reason   VARCHAR(32),
    joined_at      BIGINT        NOT NULL,
    left_at        BIGINT,
    updated_at     BIGINT        NOT NULL,
    PRIMARY KEY (conference_id, call_id)
);
CREATE INDEX conference_participants_call ON conference_participants (call_id);
