-- Exact statistics rollup (issue 6; docs/performance.md "Statistics endpoints: the rollup").
--
-- Terminal executions (completed, failed, timeout, skipped, cancelled) are counted in rollup tables;
-- pending and running ones are always read raw (they are the queue: few, behind partial indexes).
--
-- Write path: a row-level trigger appends ONE row per terminal transition to execution_stats_delta
-- (-1 for the old terminal values, +1 for the new), in the transaction that makes the change, so the
-- rollup is exact and atomic with it. The delta table has no index and its rows are never updated:
-- no hot row, no row lock. The UPDATE trigger's WHEN clause is evaluated in C, so the frequent
-- non-terminal updates (claims, heartbeats, progress saves, log appends) never call the function.
--
-- Folding: a periodic job (ruleworks.statistics.fold-interval) moves the deltas into the rollup tables
-- in one transaction under an advisory lock. Readers add the rollups, the un-folded deltas and the raw
-- non-terminal rows in one statement (one snapshot), so every count and duration sum is exact whether
-- or not a fold has run. Hours are UTC wall-clock hours of created_at (which never changes).
--
-- The rollup tables have no foreign keys: a deleted rule's or tenant's -1 deltas arrive after it is gone.
-- Their primary keys include the figures, so that readers scan them index-only.

-- Writers wait for this migration: no execution changes between the backfill's snapshot and the triggers.
LOCK TABLE automation_executions IN SHARE ROW EXCLUSIVE MODE;

-- Log-scale duration histogram for p95: exact 1-ms buckets below 64 ms, then geometric buckets of
-- ratio 1.02 represented by their geometric midpoint, so a representative is within 1 % (sqrt(1.02) - 1
-- = 0.995 %) of every duration in its bucket.
CREATE FUNCTION execution_duration_bucket(duration_ms bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN duration_ms < 64 THEN duration_ms::integer
                ELSE 64 + floor(ln(duration_ms::float8 / 64) / ln(1.02::float8))::integer END;

CREATE FUNCTION execution_duration_bucket_value(bucket integer) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN bucket < 64 THEN bucket::float8
                ELSE 64 * power(1.02::float8, bucket - 64 + 0.5) END;

-- p95 of a histogram given as parallel arrays (a bucket may repeat; its counts add up), as
-- percentile_cont(0.95) computes it: between the values at the 0-based ranks floor(r) and ceil(r),
-- r = 0.95 (N - 1), interpolated; each value taken as its bucket's representative, so within 1 % of
-- the exact percentile. NULL when the histogram is empty.
CREATE FUNCTION execution_duration_p95(buckets integer[], counts bigint[]) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT execution_duration_bucket_value(lo)
           + f * (execution_duration_bucket_value(hi) - execution_duration_bucket_value(lo))
      FROM (SELECT min(b) FILTER (WHERE up_to > floor(r)) AS lo, min(b) FILTER (WHERE up_to > ceil(r)) AS hi,
                   max(r - floor(r)) AS f
              FROM (SELECT b, sum(c::float8) OVER (ORDER BY b) AS up_to, 0.95::float8 * (sum(c::float8) OVER () - 1) AS r
                      FROM unnest(buckets, counts) u(b, c)) w
             WHERE r >= 0) q
$$;

CREATE TABLE execution_stats_delta (
    tenant              uuid NOT NULL,
    hour                timestamp NOT NULL,        -- date_trunc('hour', created_at AT TIME ZONE 'UTC')
    automation_rule_id  uuid NOT NULL,
    status              varchar(16) NOT NULL,
    trigger_type        varchar(32) NOT NULL,
    n                   integer NOT NULL,          -- +1 or -1
    duration_ms         bigint
);

-- Counts and duration sums per UTC hour: /performance without rule_ids, today / this week / this month.
CREATE TABLE execution_stats_hourly (
    tenant          uuid NOT NULL,
    hour            timestamp NOT NULL,
    status          varchar(16) NOT NULL,
    n               bigint NOT NULL,
    duration_sum    bigint NOT NULL,               -- over the executions that recorded a duration
    duration_n      bigint NOT NULL,
    PRIMARY KEY (tenant, hour, status) INCLUDE (n, duration_sum, duration_n)
);

-- All-time counts and duration sums per rule, status and trigger type: /statistics.
CREATE TABLE execution_stats_rules (
    tenant              uuid NOT NULL,
    automation_rule_id  uuid NOT NULL,
    status              varchar(16) NOT NULL,
    trigger_type        varchar(32) NOT NULL,
    n                   bigint NOT NULL,
    duration_sum        bigint NOT NULL,
    duration_n          bigint NOT NULL,
    PRIMARY KEY (tenant, automation_rule_id, status, trigger_type) INCLUDE (n, duration_sum, duration_n)
);

-- Duration histograms (executions per bucket of execution_duration_bucket) per UTC hour, and per UTC
-- day so that p95 over months reads days, not hours.
CREATE TABLE execution_stats_histogram (
    tenant  uuid NOT NULL,
    hour    timestamp NOT NULL,
    bucket  integer NOT NULL,
    n       integer NOT NULL,
    PRIMARY KEY (tenant, hour, bucket) INCLUDE (n)
);

CREATE TABLE execution_stats_histogram_daily (
    tenant  uuid NOT NULL,
    day     timestamp NOT NULL,
    bucket  integer NOT NULL,
    n       integer NOT NULL,
    PRIMARY KEY (tenant, day, bucket) INCLUDE (n)
);

-- Each hour's p95 from its histogram, recomputed by the fold that changes the histogram: /performance
-- by hour reads one row per hour instead of the hour's whole histogram. NULL: no duration left.
CREATE TABLE execution_stats_hourly_p95 (
    tenant  uuid NOT NULL,
    hour    timestamp NOT NULL,
    p95_ms  float8,
    PRIMARY KEY (tenant, hour) INCLUDE (p95_ms)
);

-- A fold deletes the rows its deltas brought to zero (every execution of a key retried or deleted).
CREATE INDEX execution_stats_hourly_zero_idx ON execution_stats_hourly (tenant) WHERE n = 0;
CREATE INDEX execution_stats_rules_zero_idx ON execution_stats_rules (tenant) WHERE n = 0;
CREATE INDEX execution_stats_histogram_zero_idx ON execution_stats_histogram (tenant) WHERE n = 0;
CREATE INDEX execution_stats_histogram_daily_zero_idx ON execution_stats_histogram_daily (tenant) WHERE n = 0;
CREATE INDEX execution_stats_hourly_p95_empty_idx ON execution_stats_hourly_p95 (tenant) WHERE p95_ms IS NULL;

CREATE FUNCTION execution_stats_delta_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status IN ('completed', 'failed', 'timeout', 'skipped', 'cancelled') THEN
        INSERT INTO execution_stats_delta (tenant, hour, automation_rule_id, status, trigger_type, n, duration_ms)
        VALUES (OLD.tenant, date_trunc('hour', OLD.created_at AT TIME ZONE 'UTC'), OLD.automation_rule_id,
                OLD.status, OLD.trigger_type, -1, OLD.duration_ms);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status IN ('completed', 'failed', 'timeout', 'skipped', 'cancelled') THEN
        INSERT INTO execution_stats_delta (tenant, hour, automation_rule_id, status, trigger_type, n, duration_ms)
        VALUES (NEW.tenant, date_trunc('hour', NEW.created_at AT TIME ZONE 'UTC'), NEW.automation_rule_id,
                NEW.status, NEW.trigger_type, 1, NEW.duration_ms);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER automation_executions_stats_insert
    AFTER INSERT ON automation_executions
    FOR EACH ROW WHEN (NEW.status IN ('completed', 'failed', 'timeout', 'skipped', 'cancelled'))
    EXECUTE FUNCTION execution_stats_delta_write();

-- Fires only when a terminal row changes anything the rollups key or sum on; created_at, the rule
-- and the trigger type never change today, but if they did the rollup would still follow.
CREATE TRIGGER automation_executions_stats_update
    AFTER UPDATE ON automation_executions
    FOR EACH ROW WHEN ((OLD.status IN ('completed', 'failed', 'timeout', 'skipped', 'cancelled')
                        OR NEW.status IN ('completed', 'failed', 'timeout', 'skipped', 'cancelled'))
                       AND (OLD.status, OLD.duration_ms, OLD.created_at, OLD.automation_rule_id, OLD.trigger_type)
                           IS DISTINCT FROM
                           (NEW.status, NEW.duration_ms, NEW.created_at, NEW.automation_rule_id, NEW.trigger_type))
    EXECUTE FUNCTION execution_stats_delta_write();

-- Also fires for the executions a rule (or tenant) delete cascades to.
CREATE TRIGGER automation_executions_stats_delete
    AFTER DELETE ON automation_executions
    FOR EACH ROW WHEN (OLD.status IN ('completed', 'failed', 'timeout', 'skipped', 'cancelled'))
    EXECUTE FUNCTION execution_stats_delta_write();

-- Backfill: an upgraded database is exact from the start.
CREATE TEMPORARY TABLE terminal_executions ON COMMIT DROP AS
SELECT tenant, date_trunc('hour', created_at AT TIME ZONE 'UTC') AS hour, automation_rule_id, status, trigger_type,
       duration_ms
  FROM automation_executions
 WHERE status IN ('completed', 'failed', 'timeout', 'skipped', 'cancelled');

INSERT INTO execution_stats_hourly (tenant, hour, status, n, duration_sum, duration_n)
SELECT tenant, hour, status, count(*), coalesce(sum(duration_ms), 0), count(duration_ms)
  FROM terminal_executions GROUP BY tenant, hour, status;

INSERT INTO execution_stats_rules (tenant, automation_rule_id, status, trigger_type, n, duration_sum, duration_n)
SELECT tenant, automation_rule_id, status, trigger_type, count(*), coalesce(sum(duration_ms), 0), count(duration_ms)
  FROM terminal_executions GROUP BY tenant, automation_rule_id, status, trigger_type;

INSERT INTO execution_stats_histogram (tenant, hour, bucket, n)
SELECT tenant, hour, execution_duration_bucket(duration_ms), count(*)
  FROM terminal_executions WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO execution_stats_histogram_daily (tenant, day, bucket, n)
SELECT tenant, date_trunc('day', hour), execution_duration_bucket(duration_ms), count(*)
  FROM terminal_executions WHERE duration_ms IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO execution_stats_hourly_p95 (tenant, hour, p95_ms)
SELECT tenant, hour, execution_duration_p95(array_agg(bucket), array_agg(n::bigint))
  FROM execution_stats_histogram GROUP BY tenant, hour;
