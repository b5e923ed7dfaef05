-- pgbench script: bench/lifecycle-floor.sql for ten executions at a time — one insert statement,
-- one claim, one completion for all ten (what batching across executions would give PostgreSQL).
-- Each transaction is ten execution lifecycles.
WITH inserted AS (
    INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, trigger_data, status,
        priority_rank, created_at, updated_at, available_at, logs, execution_context)
    SELECT ':tenant'::uuid, gen_random_uuid(), ':rule'::uuid, 'manual', jsonb_build_object('n', g), 'pending', 2,
           now(), now(), now(),
           '[{"level": "info", "message": "Execution created (trigger: manual)", "timestamp": "2026-11-23T18:38:47.741708Z"}]',
           '{"trigger": "manual", "dry_run": false, "override_conditions": false}'
      FROM generate_series(1, 10) g
    RETURNING execution_id)
SELECT array_agg(execution_id) AS ids FROM inserted \gset
BEGIN;
SET LOCAL synchronous_commit TO OFF;
UPDATE automation_executions SET status = 'running', started_at = now(), attempt = attempt + 1, lease_owner = 'floor',
    lease_expires_at = now() + interval '30 seconds', heartbeat_at = now(), updated_at = now()
 WHERE tenant = ':tenant'::uuid AND execution_id = ANY (':ids'::uuid[]);
COMMIT;
BEGIN;
SET LOCAL synchronous_commit TO OFF;
UPDATE automation_executions SET status = 'completed', completed_at = now(), duration_ms = 12, actions_successful = 1,
    lease_owner = NULL, lease_expires_at = NULL, updated_at = now(),
    logs = logs || '[{"level": "info", "message": "Action 1 completed", "timestamp": "2026-11-23T18:38:47.788906Z"}]',
    execution_context = execution_context || '{"actions": {"1": {"result": {"status_code": 200, "body": {"ok": true}}}}}'
 WHERE tenant = ':tenant'::uuid AND execution_id = ANY (':ids'::uuid[]);
COMMIT;
