#!/usr/bin/env bash
# History benchmark (issue 18): how the queue's claim behaves with 0, 10^6 and 10^7 finished
# executions in the executions table, and what the retention purge costs while it runs.
#
#   bench/run-history-bench.sh [SIZES="0 1000000 10000000"] [REPEAT=30]
#
# One fresh database (i18_history_bench_<time>), migrated with the Flyway scripts applied by psql in
# version order. 100 rules of one tenant; the history grows in steps to each size with one
# INSERT ... SELECT generate_series (bench/history-data.sql: finished executions spread over 90 days
# and the 100 rules, with migration V12's statistics triggers on, as a running system writes them),
# then VACUUM ANALYZE, as autovacuum leaves a running system. At each size: 200 due pending and 40
# running executions are put in place and the claim statement of PostgresExecutionClaims (CLAIM_SQL,
# up to 16 claims, 64 candidates) is run REPEAT times under EXPLAIN (ANALYZE, BUFFERS) in a rolled-back
# transaction: median and p90 execution time and the median shared buffers touched. At the largest
# size the same is measured while the purge (PostgresExecutionHistory.PURGE_BY_AGE_SQL with a 30-day
# retention, batches of 1,000 in their own transactions, as the service's purge runs them) deletes
# the older two thirds for up to BENCH_PURGE_SECONDS (120; 0: no purge phase), and the purge's own rate is reported.
# KEEP_DB=1 keeps the database; BENCH_DB=<name> reuses a kept one (no load: straight to its size's
# claim and the purge).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
rw_ensure_postgres

SIZES=${1:-"0 1000000 10000000"}; REPEAT=${2:-30}
DB=${BENCH_DB:-i18_history_bench_$(date +%s)}
OUT=bench/results; mkdir -p "$OUT"; REPORT="$OUT/history-$(date +%Y%m%d-%H%M%S).txt"
PSQL="psql -h 127.0.0.1 -U postgres -X -q -At -v ON_ERROR_STOP=1"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rw_restore_autovacuum
            [ -n "${KEEP_DB:-}" ] && echo "kept database $DB" && return 0
            $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; }
trap cleanup EXIT
rw_bench_autovacuum
say() { echo "$*" | tee -a "$REPORT"; }

if [ -n "${BENCH_DB:-}" ]; then
  TENANT=$($PSQL -d "$DB" -c "SELECT tenant FROM tenants LIMIT 1")
  SIZES=$($PSQL -d "$DB" -c "SELECT count(*) FROM automation_executions WHERE status NOT IN ('pending', 'running')")
else
$PSQL -d postgres -c "CREATE DATABASE $DB"
for f in $(ls adapters-persistence/src/main/resources/db/migration/V*.sql | sort -V); do
  $PSQL -d "$DB" -1 -f "$f" >/dev/null
done
TENANT=$(cat /proc/sys/kernel/random/uuid)
$PSQL -d "$DB" <<SQL
INSERT INTO tenants (tenant, name, created_at) VALUES ('$TENANT', 'history bench', now());
INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config, actions,
                              notification_settings, max_concurrent_executions, created_at, updated_at)
SELECT '$TENANT', gen_random_uuid(), 'history rule ' || g, 'active', 'normal', 'manual', '{}',
       '[{"type": "webhook_call", "order": 1, "config": {}}]', '{}', 10, now() - interval '120 days', now()
  FROM generate_series(1, 100) g;
SQL
fi

# The claim statement of PostgresExecutionClaims, its parameters bound as the dispatcher binds them.
CLAIM=$(bench/claim-sql.sh)

queue_in_place() {  # 200 due pending and 40 running executions, as a busy queue holds them
  $PSQL -d "$DB" <<SQL
DELETE FROM automation_executions WHERE status IN ('pending', 'running');
INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status, priority_rank,
                                   started_at, lease_owner, lease_expires_at, created_at, updated_at, available_at)
SELECT '$TENANT', gen_random_uuid(), r.rule_id, 'manual', CASE WHEN g <= 40 THEN 'running' ELSE 'pending' END, 2,
       CASE WHEN g <= 40 THEN now() END, CASE WHEN g <= 40 THEN 'other' END,
       CASE WHEN g <= 40 THEN now() + interval '1 hour' END, now(), now(), now() - interval '1 second'
  FROM generate_series(1, 240) g
  JOIN (SELECT rule_id, row_number() OVER (ORDER BY rule_id) AS k FROM automation_rules) r ON r.k = 1 + g % 100;
ANALYZE automation_executions;
SQL
}

measure_claim() {  # label
  queue_in_place
  for _ in $(seq "$REPEAT"); do
    printf 'BEGIN;\nEXPLAIN (ANALYZE, BUFFERS) %s;\nROLLBACK;\n' "$CLAIM"
  done | $PSQL -d "$DB" -f - > "$OUT/history-plans.txt"
  python3 - "$1" "$REPORT" "$OUT/history-plans.txt" <<'PY'
import re, sys, statistics
text = open(sys.argv[3]).read()
plans = text.split("Execution Time:")[:-1]
t = sorted(float(x) for x in re.findall(r"Execution Time: ([0-9.]+) ms", text))
def buffers(plan):  # the root node's line: the first Buffers line of each plan
    m = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", plan)
    return int(m.group(1)) + int(m.group(2) or 0) if m else 0
b = sorted(buffers(p) for p in plans)
line = "%-34s claim: median %.3f ms, p90 %.3f ms, max %.3f ms, median buffers %d (%d runs)" % (
    sys.argv[1], statistics.median(t), t[int(0.9 * (len(t) - 1))], t[-1], statistics.median(b), len(t))
print(line); open(sys.argv[2], "a").write(line + "\n")
PY
}

say "history bench $(date -u +%FT%TZ) on $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
have=${BENCH_DB:+$SIZES}; have=${have:-0}
for size in $SIZES; do
  if [ "$size" -gt "$have" ]; then
    start=$(date +%s)
    $PSQL -d "$DB" -v tenant="$TENANT" -v n=$(( size - have )) -v ids="${BENCH_HISTORY_IDS:-v7}" -f bench/history-data.sql
    loaded=$(( $(date +%s) - start )); start=$(date +%s)
    $PSQL -d "$DB" -c "VACUUM ANALYZE automation_executions"
    say "history $size: loaded $(( size - have )) rows in ${loaded}s, VACUUM ANALYZE $(( $(date +%s) - start ))s;" \
        "table $($PSQL -d "$DB" -c "SELECT pg_size_pretty(pg_total_relation_size('automation_executions'))");" \
        "load average $(cut -d' ' -f1-3 /proc/loadavg)"
    have=$size
  fi
  measure_claim "history $size"
done

if [ "$have" -gt 0 ] && [ "${BENCH_PURGE_SECONDS:-120}" -gt 0 ]; then
  # the service's own purge statement (bench/PurgeSql.java prints it with its parameters bound):
  # a 30-day retention for every status, batches of 1,000, each in its own transaction marked as a purge
  rw_pick_jdk
  [ -d adapters-persistence/target/classes ] || ./mvnw -q -B -ntp -pl adapters-persistence -am compile
  PURGE_SQL=$(java -cp domain/target/classes:application/target/classes:adapters-persistence/target/classes \
                bench/PurgeSql.java 30 1000)
  purge_loop() {
    local until=$(( $(date +%s) + ${BENCH_PURGE_SECONDS:-120} ))
    while [ "$(date +%s)" -lt "$until" ]; do
      n=$(psql -h 127.0.0.1 -U postgres -X -At -d "$DB" \
            -c "BEGIN; SELECT set_config('ruleworks.purge', 'on', true); $PURGE_SQL; COMMIT;" \
          | sed -n 's/^DELETE \([0-9]*\)$/\1/p')
      echo "$(date +%s.%N) $n"; [ "${n:-0}" -gt 0 ] || break
    done
  }
  eligible=$($PSQL -d "$DB" -c "SELECT count(*) FROM automation_executions WHERE created_at < now() - interval '30 days'")
  start=$(date +%s.%N)
  purge_loop > "$OUT/history-purge.log" & purge_pid=$!; pids+=($purge_pid)
  sleep 5
  measure_claim "history $have, purge running"
  wait "$purge_pid" || true
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  purged=$(awk '{s += $2} END {print s + 0}' "$OUT/history-purge.log")
  say "purge: $purged of $eligible rows past a 30-day line (at most ${BENCH_PURGE_SECONDS:-120}s) in ${secs}s ($(echo "$purged / $secs" | bc) rows/s," \
      "$(wc -l < "$OUT/history-purge.log") batches); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  measure_claim "history after purge, not vacuumed"
  start=$(date +%s)
  $PSQL -d "$DB" -c "VACUUM ANALYZE automation_executions"
  say "VACUUM ANALYZE after the purge: $(( $(date +%s) - start ))s"
  measure_claim "history after purge, vacuumed"
fi
say "report: $REPORT"
