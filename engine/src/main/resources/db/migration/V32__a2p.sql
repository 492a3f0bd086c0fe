-- A2P registration (issue #12): 10DLC brands and campaigns, campaign numbers, toll-free verifications, and the
-- send-time state they govern (a brand's shared rate bucket, its daily count).
-- Every status column moves by compare-and-set (UPDATE ... WHERE status = ?). review_at is when the simulated
-- reviewer takes its next step on the row (epoch ms by the engine's clock; NULL = nothing due): the reviewer's
-- progress lives here, so a restart (kill -9) resumes it. Reasons are space-separated machine codes.

CREATE TABLE a2p_brands (
    id               VARCHAR(40)  PRIMARY KEY,
    project_id       VARCHAR(40)  NOT NULL,
    entity_type      VARCHAR(20)  NOT NULL,
    company_name     VARCHAR(255) NOT NULL,
    display_name     VARCHAR(255),
    ein              VARCHAR(10),
    country          VARCHAR(2)   NOT NULL,
    vertical         VARCHAR(32)  NOT NULL,
    website          VARCHAR(2048),
    email            VARCHAR(254) NOT NULL,
    phone            VARCHAR(20)  NOT NULL,
    street           VARCHAR(255) NOT NULL,
    city             VARCHAR(100) NOT NULL,
    state            VARCHAR(64)  NOT NULL,
    postal_code      VARCHAR(16)  NOT NULL,
    stock_symbol     VARCHAR(10),
    stock_exchange   VARCHAR(16),
    contact_name     VARCHAR(200) NOT NULL,
    contact_email    VARCHAR(254) NOT NULL,
    contact_phone    VARCHAR(20)  NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    identity_status  VARCHAR(20)  NOT NULL,
    trust_score      INTEGER,
    failure_reasons  VARCHAR(500),
    review_at        BIGINT,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL
);
CREATE INDEX a2p_brands_project ON a2p_brands (project_id, id);
CREATE INDEX a2p_brands_review ON a2p_brands (review_at);

CREATE TABLE a2p_vettings (
    id          VARCHAR(40) PRIMARY KEY,
    brand_id    VARCHAR(40) NOT NULL,
    project_id  VARCHAR(40) NOT NULL,
    provider    VARCHAR(16) NOT NULL,
    status      VARCHAR(16) NOT NULL,
    score       INTEGER,
    review_at   BIGINT,
    created_at  BIGINT      NOT NULL,
    updated_at  BIGINT      NOT NULL
);
CREATE INDEX a2p_vettings_brand ON a2p_vettings (brand_id, id);
CREATE INDEX a2p_vettings_review ON a2p_vettings (review_at);

CREATE TABLE a2p_campaigns (
    id                  VARCHAR(40)   PRIMARY KEY,
    project_id          VARCHAR(40)   NOT NULL,
    brand_id            VARCHAR(40)   NOT NULL,
    use_case            VARCHAR(32)   NOT NULL,
    sub_use_cases       VARCHAR(200),
    description         VARCHAR(4096) NOT NULL,
    message_flow        VARCHAR(2048) NOT NULL,
    has_embedded_links  BOOLEAN       NOT NULL,
    has_embedded_phone  BOOLEAN       NOT NULL,
    opt_in_keywords     VARCHAR(255),
    opt_out_keywords    VARCHAR(255),
    help_keywords       VARCHAR(255),
    opt_in_message      VARCHAR(320),
    opt_out_message     VARCHAR(320) NOT NULL,
    help_message        VARCHAR(320) NOT NULL,
    subscriber_opt_in   BOOLEAN       NOT NULL,
    age_gated           BOOLEAN       NOT NULL,
    direct_lending      BOOLEAN       NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    failure_reasons     VARCHAR(500),
    submissions         INTEGER       NOT NULL,
    review_at           BIGINT,
    -- end of the last monthly period charged (NULL until verified)
    billed_until        BIGINT,
    created_at          BIGINT        NOT NULL,
    updated_at          BIGINT        NOT NULL
);
CREATE INDEX a2p_campaigns_project ON a2p_campaigns (project_id, id);
CREATE INDEX a2p_campaigns_brand ON a2p_campaigns (brand_id);
CREATE INDEX a2p_campaigns_review ON a2p_campaigns (review_at);
CREATE INDEX a2p_campaigns_billing ON a2p_campaigns (billed_until);

-- Message samples of campaigns and toll-free verifications, in order.
CREATE TABLE a2p_samples (
    owner_id  VARCHAR(40)   NOT NULL,
    idx       INTEGER       NOT NULL,
    body      VARCHAR(1024) NOT NULL,
    PRIMARY KEY (owner_id, idx)
);

-- One campaign per number: the primary key decides between two concurrent registrations.
CREATE TABLE a2p_campaign_numbers (
    e164         VARCHAR(20) PRIMARY KEY,
    campaign_id  VARCHAR(40) NOT NULL,
    project_id   VARCHAR(40) NOT NULL,
    status       VARCHAR(16) NOT NULL,
    review_at    BIGINT,
    created_at   BIGINT      NOT NULL,
    updated_at   BIGINT      NOT NULL
);
CREATE INDEX a2p_campaign_numbers_campaign ON a2p_campaign_numbers (campaign_id, e164);
CREATE INDEX a2p_campaign_numbers_review ON a2p_campaign_numbers (review_at);

CREATE TABLE a2p_tollfree (
    id                 VARCHAR(40)   PRIMARY KEY,
    project_id         VARCHAR(40)   NOT NULL,
    e164               VARCHAR(20)   NOT NULL UNIQUE,
    business_name      VARCHAR(255)  NOT NULL,
    website            VARCHAR(2048) NOT NULL,
    email              VARCHAR(254)  NOT NULL,
    phone              VARCHAR(20)   NOT NULL,
    use_case           VARCHAR(32)   NOT NULL,
    message_volume     VARCHAR(16)   NOT NULL,
    opt_in_type        VARCHAR(16)   NOT NULL,
    -- up to 5 URLs, one per line
    opt_in_image_urls  VARCHAR(10260),
    status             VARCHAR(16)   NOT NULL,
    rejection_reasons  VARCHAR(500),
    review_at          BIGINT,
    created_at         BIGINT        NOT NULL,
    updated_at         BIGINT        NOT NULL
);
CREATE INDEX a2p_tollfree_project ON a2p_tollfree (project_id, id);
CREATE INDEX a2p_tollfree_review ON a2p_tollfree (review_at);

-- A brand's token bucket, shared by all its registered numbers (the dispatcher locks it after the sender's row).
CREATE TABLE a2p_rate_buckets (
    bucket        VARCHAR(40) PRIMARY KEY,
    next_slot_us  BIGINT      NOT NULL
);

-- Messages a brand handed to the carrier per UTC day (day_start = epoch ms of 00:00 UTC).
CREATE TABLE a2p_daily_counts (
    brand_id   VARCHAR(40) NOT NULL,
    day_start  BIGINT      NOT NULL,
    sent       INTEGER     NOT NULL,
    PRIMARY KEY (brand_id, day_start)
);
