-- Event ingestion (POST /api/v1/automation/events and relayed automation.execution.* events).

-- Every ingested event: its idempotency key (unique per tenant), the fingerprint of the request
-- that used it, and what the event did (answered again to a duplicate delivery).
CREATE TABLE automation_events (
    tenant          uuid NOT NULL REFERENCES tenants (tenant) ON DELETE CASCADE,
    event_id        uuid NOT NULL,
    idempotency_key varchar(255),
    request_hash    varchar(128),
    event_type      varchar(255) NOT NULL,
    event_source    varchar(255),
    occurred_at     timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    result          jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant, event_id)
);
CREATE UNIQUE INDEX automation_events_key_idx ON automation_events (tenant, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- The open debounce window or batch of an event_based rule: at most one per rule, locked while
-- an event joins it or while it fires. fires_at NULL: a batch without timeout (fires when full).
CREATE TABLE event_windows (
    tenant          uuid NOT NULL,
    rule_id         uuid NOT NULL,
    window_id       uuid NOT NULL,
    kind            varchar(16) NOT NULL CHECK (kind IN ('debounce', 'batch')),
    opened_at       timestamptz NOT NULL,
    fires_at        timestamptz,
    event_count     integer NOT NULL DEFAULT 0 CHECK (event_count >= 0),
    last_event      jsonb,
    lineage_chain   jsonb NOT NULL DEFAULT '[]',
    lineage_depth   integer NOT NULL DEFAULT -1,
    PRIMARY KEY (tenant, rule_id),
    FOREIGN KEY (tenant, rule_id) REFERENCES automation_rules (tenant, rule_id) ON DELETE CASCADE
);
CREATE INDEX event_windows_due_idx ON event_windows (fires_at) WHERE fires_at IS NOT NULL;

-- The events of an open batch, in arrival order; they go with their window.
CREATE TABLE event_window_events (
    tenant          uuid NOT NULL,
    rule_id         uuid NOT NULL,
    seq             bigserial NOT NULL,
    event           jsonb NOT NULL,
    PRIMARY KEY (tenant, rule_id, seq),
    FOREIGN KEY (tenant, rule_id) REFERENCES event_windows (tenant, rule_id) ON DELETE CASCADE
);

-- Finds the rules listening to an event type by an index lookup (exact types and prefix.* patterns alike).
CREATE INDEX automation_rules_event_type_idx ON automation_rules (tenant, (trigger_config ->> 'event_type'))
    WHERE trigger_type = 'event_based' AND status = 'active';
