-- pgbench script: the least PostgreSQL work one execution's life can take in this schema — insert
-- it pending (synchronous commit: the 201 promises it is stored), claim it, complete it (both with
-- relaxed commits, as the engine does) — without the outbox, the rule's counters, the claim's
-- choice of rows, the relay or the statistics delta. Run by bench/run-lifecycle-floor.sh.
\set n random(1, 1000000)
INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, trigger_data, status,
    priority_rank, created_at, updated_at, available_at, logs, execution_context)
VALUES (':tenant'::uuid, gen_random_uuid(), ':rule'::uuid, 'manual', jsonb_build_object('n', :n), 'pending', 2, now(), now(), now(),
    '[{"level": "info", "message": "Execution created (trigger: manual)", "timestamp": "2026-11-23T18:38:47.741708Z"}]',
    '{"trigger": "manual", "dry_run": false, "override_conditions": false}')
RETURNING execution_id AS id \gset
BEGIN;
SET LOCAL synchronous_commit TO OFF;
UPDATE automation_executions SET status = 'running', started_at = now(), attempt = attempt + 1, lease_owner = 'floor',
    lease_expires_at = now() + interval '30 seconds', heartbeat_at = now(), updated_at = now()
 WHERE tenant = ':tenant'::uuid AND execution_id = ':id'::uuid;
COMMIT;
BEGIN;
SET LOCAL synchronous_commit TO OFF;
UPDATE automation_executions SET status = 'completed', completed_at = now(), duration_ms = 12, actions_successful = 1,
    lease_owner = NULL, lease_expires_at = NULL, updated_at = now(),
    logs = logs || '[{"level": "info", "message": "Action 1 completed", "timestamp": "2026-11-23T18:38:47.788906Z"}]',
    execution_context = execution_context || '{"actions": {"1": {"result": {"status_code": 200, "body": {"ok": true}}}}}'
 WHERE tenant = ':tenant'::uuid AND execution_id = ':id'::uuid;
COMMIT;
