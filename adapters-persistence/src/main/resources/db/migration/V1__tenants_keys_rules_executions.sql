-- Ruleworks schema, version 1: tenants and API keys, automation rules, and the executions table
-- (which is also the work queue; see docs/decisions/0003-executions-table-is-the-queue.md).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE tenants (
    tenant      uuid PRIMARY KEY,
    name        varchar(255) NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE api_keys (
    key_id          uuid PRIMARY KEY,
    tenant          uuid NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    key_hash        char(64) NOT NULL UNIQUE,          -- SHA-256 of the secret, hex; the secret itself is never stored
    display_prefix  varchar(16) NOT NULL,
    permissions     text[] NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    expires_at      timestamptz,
    usage_limit     bigint CHECK (usage_limit >= 1),
    usage_count     bigint NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    last_used_at    timestamptz,
    user_id         uuid,
    created_at      timestamptz NOT NULL
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant);

CREATE TABLE automation_rules (
    tenant                      uuid NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    rule_id                     uuid NOT NULL,
    name                        varchar(255) NOT NULL,
    description                 text,
    status                      varchar(16) NOT NULL CHECK (status IN ('active', 'inactive', 'draft', 'error')),
    priority                    varchar(16) NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'critical')),
    trigger_type                varchar(32) NOT NULL CHECK (trigger_type IN
                                    ('time_based', 'event_based', 'condition_based', 'manual', 'recurring', 'webhook')),
    trigger_config              jsonb NOT NULL,
    conditions                  jsonb NOT NULL DEFAULT '[]',
    condition_logic             varchar(8) NOT NULL DEFAULT 'and' CHECK (condition_logic IN ('and', 'or', 'not')),
    actions                     jsonb NOT NULL,
    max_concurrent_executions   integer NOT NULL DEFAULT 1 CHECK (max_concurrent_executions >= 1),
    execution_timeout_minutes   integer NOT NULL DEFAULT 60 CHECK (execution_timeout_minutes >= 1),
    retry_failed_executions     boolean NOT NULL DEFAULT false,
    is_template                 boolean NOT NULL DEFAULT false,
    template_category           varchar(255),
    tags                        jsonb NOT NULL DEFAULT '[]',
    metadata                    jsonb NOT NULL DEFAULT '{}',
    notification_settings       jsonb NOT NULL,
    created_by                  uuid,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    execution_count             bigint NOT NULL DEFAULT 0 CHECK (execution_count >= 0),
    last_executed               timestamptz,
    PRIMARY KEY (tenant, rule_id)
);
-- Indexes serving GET /rules: default order, each sortable column, the equality filters, and search.
CREATE INDEX automation_rules_created_idx      ON automation_rules (tenant, created_at DESC, rule_id);
CREATE INDEX automation_rules_updated_idx      ON automation_rules (tenant, updated_at);
CREATE INDEX automation_rules_status_idx       ON automation_rules (tenant, status);
CREATE INDEX automation_rules_trigger_idx      ON automation_rules (tenant, trigger_type);
CREATE INDEX automation_rules_priority_idx     ON automation_rules (tenant, priority);
CREATE INDEX automation_rules_last_exec_idx    ON automation_rules (tenant, last_executed);
CREATE INDEX automation_rules_exec_count_idx   ON automation_rules (tenant, execution_count);
CREATE INDEX automation_rules_category_idx     ON automation_rules (tenant, template_category) WHERE template_category IS NOT NULL;
CREATE INDEX automation_rules_created_by_idx   ON automation_rules (tenant, created_by) WHERE created_by IS NOT NULL;
CREATE INDEX automation_rules_name_trgm_idx    ON automation_rules USING gin (name gin_trgm_ops);
CREATE INDEX automation_rules_desc_trgm_idx    ON automation_rules USING gin (description gin_trgm_ops);

CREATE TABLE automation_executions (
    tenant                  uuid NOT NULL,
    execution_id            uuid NOT NULL,
    automation_rule_id      uuid NOT NULL,
    trigger_type            varchar(32) NOT NULL,
    trigger_data            jsonb NOT NULL DEFAULT '{}',
    status                  varchar(16) NOT NULL CHECK (status IN
                                ('pending', 'running', 'completed', 'failed', 'cancelled', 'timeout', 'skipped')),
    priority_rank           smallint NOT NULL,           -- 0 critical, 1 high, 2 normal, 3 low: claim order
    started_at              timestamptz,
    completed_at            timestamptz,
    duration_ms             bigint CHECK (duration_ms >= 0),
    actions_total           integer NOT NULL DEFAULT 0 CHECK (actions_total >= 0),
    actions_successful      integer NOT NULL DEFAULT 0 CHECK (actions_successful >= 0),
    actions_failed          integer NOT NULL DEFAULT 0 CHECK (actions_failed >= 0),
    error_message           text,
    error_stack             text,
    failed_action_index     integer,
    execution_context       jsonb NOT NULL DEFAULT '{}',
    logs                    jsonb NOT NULL DEFAULT '[]',
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    -- queue bookkeeping: when the execution may run next, and who holds it until when
    available_at            timestamptz NOT NULL,
    attempt                 integer NOT NULL DEFAULT 0,
    lease_owner             varchar(128),
    lease_expires_at        timestamptz,
    heartbeat_at            timestamptz,
    -- lineage
    parent_execution_id     uuid,
    chain_depth             integer NOT NULL DEFAULT 0,
    retry_count             integer NOT NULL DEFAULT 0,
    idempotency_key         varchar(255),
    request_hash            char(64),
    PRIMARY KEY (tenant, execution_id),
    FOREIGN KEY (tenant, automation_rule_id) REFERENCES automation_rules (tenant, rule_id) ON DELETE CASCADE
);
-- The queue: due pending work in claim order, and running work whose lease may expire.
CREATE INDEX automation_executions_due_idx      ON automation_executions (priority_rank, available_at) WHERE status = 'pending';
CREATE INDEX automation_executions_lease_idx    ON automation_executions (lease_expires_at) WHERE status = 'running';
-- Reads: per-rule statistics and in-flight checks, and the execution list.
CREATE INDEX automation_executions_rule_idx     ON automation_executions (tenant, automation_rule_id, status);
CREATE INDEX automation_executions_created_idx  ON automation_executions (tenant, created_at DESC);
CREATE UNIQUE INDEX automation_executions_idem_idx
    ON automation_executions (tenant, automation_rule_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
