-- Execution retention (issue 18; docs/decisions/0016-execution-retention-by-batched-deletes.md).
--
-- 1. A rule may keep its finished executions for its own number of days (extension field
--    execution_retention_days; NULL: the global ruleworks.executions.retention settings).
ALTER TABLE automation_rules ADD COLUMN execution_retention_days integer
    CHECK (execution_retention_days BETWEEN 1 AND 3650);

-- 2. The purge walks, per rule and finished status, the oldest executions up to that pair's retention
--    line: an exact index range, so a run with nothing to purge costs one index probe per pair. V6's
--    per-rule index had trigger_type where created_at now is; it is replaced, not joined by a second
--    index, so the execution write path maintains as many indexes as before. The statistics readers
--    that used it (per-rule figures and performance over rule_ids) read the same columns from it.
DROP INDEX automation_executions_rule_idx;
CREATE INDEX automation_executions_rule_idx
    ON automation_executions (tenant, automation_rule_id, status, created_at) INCLUDE (trigger_type, duration_ms);

-- 3. A purge keeps what its executions counted for: the purge marks its transactions with
--    set_config('ruleworks.purge', 'on', true), and the statistics DELETE trigger of V12 does not fire
--    for them, so the rollup keeps their -1-less aggregates (ADR 0013, ADR 0016). Every other delete
--    (a rule or tenant deleted, cascading) still takes its executions out of the statistics.
DROP TRIGGER automation_executions_stats_delete ON automation_executions;
CREATE TRIGGER automation_executions_stats_delete
    AFTER DELETE ON automation_executions
    FOR EACH ROW WHEN (OLD.status IN ('completed', 'failed', 'timeout', 'skipped', 'cancelled')
                       AND current_setting('ruleworks.purge', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION execution_stats_delta_write();

-- 4. The table is deleted from in batches all day: vacuum it after 2 % of its rows changed (the
--    default 20 % lets 10^7 rows of history carry 2 * 10^6 dead tuples before a vacuum starts).
ALTER TABLE automation_executions SET (autovacuum_vacuum_scale_factor = 0.02,
                                       autovacuum_analyze_scale_factor = 0.02);
