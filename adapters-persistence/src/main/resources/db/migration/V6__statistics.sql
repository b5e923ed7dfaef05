-- Indexes for GET /statistics and GET /performance (docs/performance.md, "Statistics endpoints").
-- Both replace an index of V1 with a wider one over the same leading columns, so the execution
-- write path maintains as many indexes as before; both are read index-only (no heap visits once
-- the visibility map is set by autovacuum).

-- All-time figures per tenant: one index-only pass grouped by (rule, status, trigger type) in index
-- order (no sort, no hash), summing durations from the included column. Still serves V1's uses:
-- per-rule statistics and the in-flight check (tenant, automation_rule_id, status). created_at is
-- included so that performance over a few rules (rule_ids) can be read from it index-only too.
DROP INDEX automation_executions_rule_idx;
CREATE INDEX automation_executions_rule_idx
    ON automation_executions (tenant, automation_rule_id, status, trigger_type) INCLUDE (duration_ms, created_at);

-- Time-bounded figures (today / this week / this month, and performance over a date range): an
-- index-only range scan of one tenant's executions by creation time. Still serves the execution
-- list's default order (tenant, created_at DESC).
DROP INDEX automation_executions_created_idx;
CREATE INDEX automation_executions_created_idx
    ON automation_executions (tenant, created_at DESC) INCLUDE (status, duration_ms, automation_rule_id);
