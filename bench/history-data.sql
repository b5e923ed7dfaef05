-- Bench data for bench/run-history-bench.sh: :n more finished executions of the tenant's rules
-- (round robin), created uniformly over the last 90 days with the status mix of a running system
-- (85 % completed, 7 % failed, 2 % timeout, 3 % skipped, 3 % cancelled), in one INSERT ... SELECT.
-- Rows go in in created_at order with version 7 UUIDs of their created_at as ids, as the service
-- has written them since ADR 0021.
-- psql -v tenant=UUID -v n=1000000 -v ids=v7 -f bench/history-data.sql
INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status, priority_rank,
                                   started_at, completed_at, duration_ms, actions_total, actions_successful,
                                   actions_failed, execution_context, logs, created_at, updated_at, available_at,
                                   attempt)
SELECT :'tenant',
       -- a time-ordered (version 7) id made from created_at, as the service makes them (ExecutionId),
       -- or with -v ids=v4 a random one, as it made them before ADR 0021
       CASE WHEN :'ids' = 'v4' THEN gen_random_uuid()
            ELSE encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                               PLACING substring(int8send((extract(epoch FROM x.created) * 1000)::bigint) FROM 3)
                                               FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid END,
       r.rule_id, 'manual', x.status, 2,
       x.created, x.created + x.dur * interval '1 ms', x.dur, 1,
       CASE WHEN x.status = 'completed' THEN 1 ELSE 0 END, CASE WHEN x.status = 'failed' THEN 1 ELSE 0 END,
       '{}', '[{"level": "info", "message": "Execution started"}, {"level": "info", "message": "Execution completed"}]',
       x.created, x.created + x.dur * interval '1 ms', x.created, 1
  FROM (SELECT g, now() - random() * interval '90 days' AS created,
               (ARRAY['completed', 'failed', 'timeout', 'skipped', 'cancelled'])[
                   CASE WHEN h < 0.85 THEN 1 WHEN h < 0.92 THEN 2 WHEN h < 0.94 THEN 3 WHEN h < 0.97 THEN 4 ELSE 5 END]
                   AS status,
               (5 + 2000 * h2 * h2 * h2)::bigint AS dur
          FROM (SELECT g, random() AS h, random() AS h2 FROM generate_series(1, :n) g) s) x
  JOIN (SELECT rule_id, row_number() OVER (ORDER BY rule_id) - 1 AS k FROM automation_rules WHERE tenant = :'tenant') r
    ON r.k = x.g % (SELECT count(*) FROM automation_rules WHERE tenant = :'tenant')
 -- in creation order, as a running system appends them: the heap and the time-keyed indexes hold
 -- a day's executions together, so the purge of the oldest days touches the oldest pages (in random
 -- order every 1,000-row purge batch touched ~1,000 pages spread over the whole table)
 ORDER BY x.created;
