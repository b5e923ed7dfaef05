-- The polling state of each condition_based rule, for one version of the rule
-- (rule_updated_at = automation_rules.updated_at). A state whose rule changed is stale: it is
-- recomputed by the next polling tick and never checked meanwhile. A due row is claimed with
-- FOR UPDATE SKIP LOCKED and a lease: next_check_at moves to the lease's end and claim_token is
-- renewed, the source is read outside the transaction, and the outcome is only written while the
-- row still carries the same token.
CREATE TABLE condition_polls (
    tenant               uuid NOT NULL,
    rule_id              uuid NOT NULL,
    rule_updated_at      timestamptz NOT NULL,
    next_check_at        timestamptz,
    claim_token          uuid,
    consecutive_failures integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    last_error           text,
    last_checked_at      timestamptz,
    PRIMARY KEY (tenant, rule_id),
    FOREIGN KEY (tenant, rule_id) REFERENCES automation_rules (tenant, rule_id) ON DELETE CASCADE
);

CREATE INDEX condition_polls_due_idx ON condition_polls (next_check_at) WHERE next_check_at IS NOT NULL;

-- The items of a rule that matched at its last successful check: an item fires when it enters
-- this set, and is removed when it no longer matches, so that matching again fires again.
CREATE TABLE condition_matches (
    tenant     uuid NOT NULL,
    rule_id    uuid NOT NULL,
    item_key   varchar(500) NOT NULL,
    matched_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, rule_id, item_key),
    FOREIGN KEY (tenant, rule_id) REFERENCES automation_rules (tenant, rule_id) ON DELETE CASCADE
);

-- Finds condition_based rules without a current state without scanning the other rules.
CREATE INDEX automation_rules_condition_based_idx ON automation_rules (tenant, rule_id, updated_at)
    WHERE trigger_type = 'condition_based';
