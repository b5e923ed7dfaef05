-- The next fire time of each time_based / recurring rule, for one version of the rule
-- (rule_updated_at = automation_rules.updated_at). A schedule whose rule changed is stale: it is
-- recomputed by the next scheduler tick and never fires meanwhile. Due rows are claimed with
-- FOR UPDATE SKIP LOCKED, so each occurrence is taken by exactly one instance.
CREATE TABLE rule_schedules (
    tenant          uuid NOT NULL,
    rule_id         uuid NOT NULL,
    rule_updated_at timestamptz NOT NULL,
    next_fire_at    timestamptz,
    fire_count      bigint NOT NULL DEFAULT 0 CHECK (fire_count >= 0),
    last_handled_at timestamptz,
    last_outcome    varchar(32),
    PRIMARY KEY (tenant, rule_id),
    FOREIGN KEY (tenant, rule_id) REFERENCES automation_rules (tenant, rule_id) ON DELETE CASCADE
);

CREATE INDEX rule_schedules_due_idx ON rule_schedules (next_fire_at) WHERE next_fire_at IS NOT NULL;

-- Finds schedule-triggered rules without a current schedule without scanning the other rules.
CREATE INDEX automation_rules_scheduled_idx ON automation_rules (tenant, rule_id, updated_at)
    WHERE trigger_type IN ('time_based', 'recurring');
