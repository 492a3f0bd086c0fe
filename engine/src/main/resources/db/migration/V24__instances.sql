-- Several engine instances on one database and one FreeSWITCH (issue #9 item 11).
-- Every instance heartbeats its row; lease_until (epoch ms, by the writer's clock) is how long the others trust it
-- to be alive. Every FreeSWITCH node tells every connected instance about every parked channel: the instance
-- whose INSERT into leg_claims succeeds runs the call (the primary key decides), the others ignore the leg.
-- A claim whose instance's lease has expired is moved to a live instance with a compare-and-set on instance_id,
-- and that instance ends the call.

CREATE TABLE engine_instances (
    id           VARCHAR(64)  PRIMARY KEY,
    started_at   BIGINT       NOT NULL,
    heartbeat_at BIGINT       NOT NULL,
    lease_until  BIGINT       NOT NULL
);

CREATE TABLE leg_claims (
    leg_uuid    VARCHAR(64)  PRIMARY KEY,
    -- an instance id, or '<id>~<millis>' for the claims an earlier run of that id left behind (see LegClaims)
    instance_id VARCHAR(96)  NOT NULL,
    claimed_at  BIGINT       NOT NULL
);
CREATE INDEX leg_claims_instance ON leg_claims (instance_id);

-- Inbound SIP MESSAGEs reach every instance too: the first to insert the event's key (Core-UUID/Event-Sequence)
-- takes the message in. Rows older than an hour are swept by the heartbeat.
CREATE TABLE switch_event_claims (
    event_key   VARCHAR(128) PRIMARY KEY,
    instance_id VARCHAR(64)  NOT NULL,
    claimed_at  BIGINT       NOT NULL
);
CREATE INDEX switch_event_claims_age ON switch_event_claims (claimed_at);
