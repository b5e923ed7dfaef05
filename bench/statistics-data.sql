-- Bench data for bench/run-statistics-bench.sh: :executions executions of :rules rules of two
-- tenants (:tenant_a, which must exist, and :tenant_b, created here), over the last 90 days.
-- psql -v tenant_a=UUID -v tenant_b=UUID -v rules=200 -v executions=1000000 -f bench/statistics-data.sql
INSERT INTO tenants (tenant, name, created_at) VALUES (:'tenant_b', 'bench tenant B', now());
-- rules alternate between the two tenants; a mix of statuses, trigger types and one or two actions
INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config, actions,
                              notification_settings, created_at, updated_at)
SELECT CASE WHEN g % 2 = 0 THEN :'tenant_a'::uuid ELSE :'tenant_b'::uuid END, gen_random_uuid(), 'bench rule ' || g,
       (ARRAY['active', 'active', 'active', 'active', 'inactive', 'draft', 'error'])[1 + g % 7], 'normal',
       (ARRAY['manual', 'event_based', 'time_based', 'webhook', 'recurring', 'condition_based'])[1 + (g / 2) % 6], '{}',
       jsonb_build_array(jsonb_build_object('type', (ARRAY['webhook_call', 'email_notification', 'ticket_creation'])[1 + g % 3],
                                            'order', 1, 'config', '{}'))
         || CASE WHEN g % 4 = 0 THEN '[{"type": "sms_notification", "order": 2, "config": {}}]'::jsonb ELSE '[]' END,
       '{}', now() - interval '120 days', now()
  FROM generate_series(0, :rules - 1) g;
-- executions: uniform over the last 90 days; 85 % completed, 7 % failed, 2 % timeout, 3 % skipped,
-- 2 % cancelled; the last few minutes also hold pending and running ones; durations skewed (most short)
INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status, priority_rank,
                                   started_at, completed_at, duration_ms, created_at, updated_at, available_at)
SELECT r.tenant, gen_random_uuid(), r.rule_id,
       CASE WHEN x.u < 0.2 THEN 'manual' ELSE r.trigger_type END, x.status, 2,
       CASE WHEN x.status IN ('pending', 'skipped', 'cancelled') THEN NULL ELSE x.created END,
       CASE WHEN x.status IN ('completed', 'failed', 'timeout') THEN x.created + x.dur * interval '1 ms' END,
       CASE WHEN x.status IN ('completed', 'failed', 'timeout') THEN x.dur END,
       x.created, x.created, x.created
  FROM (SELECT g, random() AS u, now() - (g::float8 / :executions) * interval '90 days' AS created,
               CASE WHEN g < 20 THEN (ARRAY['pending', 'running'])[1 + g % 2]
                    ELSE (ARRAY['completed', 'failed', 'timeout', 'skipped', 'cancelled'])[
                           CASE WHEN h < 0.85 THEN 1 WHEN h < 0.92 THEN 2 WHEN h < 0.94 THEN 3 WHEN h < 0.97 THEN 4 ELSE 5 END]
               END AS status,
               (5 + 2000 * h2 * h2 * h2)::bigint AS dur
          FROM (SELECT g, random() AS h, random() AS h2 FROM generate_series(0, :executions - 1) g) s) x
  JOIN (SELECT tenant, rule_id, trigger_type, row_number() OVER (ORDER BY rule_id) - 1 AS n FROM automation_rules) r
    ON r.n = x.g % :rules;
UPDATE automation_rules r SET execution_count = c.n, last_executed = c.last
  FROM (SELECT automation_rule_id, count(*) AS n, max(created_at) AS last FROM automation_executions GROUP BY 1) c
 WHERE c.automation_rule_id = r.rule_id;
VACUUM ANALYZE automation_executions;
VACUUM ANALYZE automation_rules;
