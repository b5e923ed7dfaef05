#!/usr/bin/env bash
# Statistics benchmark (issue 6): GET /statistics and GET /performance over a large history.
# Creates a fresh database, lets the service migrate it (queue workers off: the history is
# read-only), loads EXECUTIONS executions (default 1,000,000) of RULES rules (default 200) of two
# tenants, spread uniformly over 90 days with a realistic status mix, waits until the service has
# folded the statistics deltas the load wrote into the rollup, VACUUM ANALYZEs, then times
# each endpoint over HTTP with several parameter combinations: WARM unmeasured then N measured
# sequential requests each (client-side p50 / p95 / max). Loopback only.
#
#   bench/run-statistics-bench.sh [EXECUTIONS=1000000] [N=50] [WARM=10]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
rw_pick_jdk
rw_ensure_postgres

EXECUTIONS=${1:-1000000}; N=${2:-50}; WARM=${3:-10}
RULES=${BENCH_RULES:-200}
PORT=${BENCH_PORT:-18081}
DB=rw_statsbench_$(date +%s)
OUT=bench/results; mkdir -p "$OUT"; REPORT="$OUT/statistics-$(date +%Y%m%d-%H%M%S).txt"
PSQL="psql -h 127.0.0.1 -U postgres -X -q -At -v ON_ERROR_STOP=1"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true;
            $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; }
[ "${KEEP_DB:-0}" = 1 ] && cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; echo "kept database $DB"; }
trap cleanup EXIT

# (re)build the jar when it is missing or older than any main source
if [ ! -f bootstrap/target/ruleworks.jar ] || [ -n "$(find ./*/src/main -newer bootstrap/target/ruleworks.jar -type f | head -n 1)" ]; then
  ./mvnw -q -B -ntp -pl bootstrap -am -DskipTests package
fi

export DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/$DB" MICRONAUT_SERVER_PORT=$PORT
export RULEWORKS_ACCESS_LOG_LEVEL=WARN RULEWORKS_EVENT_LOG_LEVEL=WARN RULEWORKS_BOOTSTRAP_ADMIN_KEY=false
export RULEWORKS_QUEUE_WORKERS_ENABLED=false
java ${BENCH_JAVA_OPTS:--Xms512m -Xmx1g} -jar bootstrap/target/ruleworks.jar > "$OUT/statistics-service.log" 2>&1 & pids+=($!)
rw_wait_port 127.0.0.1 "$PORT" 90 ruleworks
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done

ISSUED=$(java -jar bootstrap/target/ruleworks.jar create-api-key --permissions automation:read --json)
KEY=$(sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p' <<<"$ISSUED")
TENANT_A=$(sed -n 's/.*"tenant":"\([^"]*\)".*/\1/p' <<<"$ISSUED")
TENANT_B=$(cat /proc/sys/kernel/random/uuid)

load_start=$(date +%s)
$PSQL -d "$DB" -v tenant_a="$TENANT_A" -v tenant_b="$TENANT_B" -v rules="$RULES" -v executions="$EXECUTIONS" \
  -f bench/statistics-data.sql
load_seconds=$(( $(date +%s) - load_start ))
# the inserts went through migration V12's triggers: one delta per finished execution. Let the
# service's fold job (ruleworks.statistics.fold-interval) move them into the rollup before measuring.
fold_start=$(date +%s)
until [ "$($PSQL -d "$DB" -c "SELECT NOT EXISTS (SELECT FROM execution_stats_delta)")" = t ]; do
  [ $(( $(date +%s) - fold_start )) -lt 600 ] || { echo "deltas still unfolded after 600 s" >&2; exit 1; }
  sleep 1
done
fold_seconds=$(( $(date +%s) - fold_start ))
$PSQL -d "$DB" -c "VACUUM ANALYZE execution_stats_hourly, execution_stats_rules, execution_stats_histogram, execution_stats_histogram_daily, execution_stats_hourly_p95, execution_stats_delta"
RULE_IDS=$($PSQL -d "$DB" -c "SELECT string_agg(rule_id::text, ',') FROM (SELECT rule_id FROM automation_rules WHERE tenant = '$TENANT_A' ORDER BY rule_id LIMIT 5) r")
D30=$(date -u -d '30 days ago' +%Y-%m-%dT%H:%M:%SZ); D7=$(date -u -d '7 days ago' +%Y-%m-%dT%H:%M:%SZ)
D90=$(date -u -d '91 days ago' +%Y-%m-%dT%H:%M:%SZ)

# the timing clients share their loop (bench/LatencyLoop.java): compiled together
javac -d "$OUT/latency" bench/LatencyLoop.java bench/StatsLatency.java

{ echo "Ruleworks statistics benchmark $(date -u +%FT%TZ)"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
  echo "data: $($PSQL -d "$DB" -c "SELECT count(*) FROM automation_executions") executions, $RULES rules, 2 tenants, 90 days (loaded in ${load_seconds}s); tenant A holds $($PSQL -d "$DB" -c "SELECT count(*) FROM automation_executions WHERE tenant = '$TENANT_A'")"
  echo "rollup: folded ${fold_seconds}s after the load; $($PSQL -d "$DB" -F ' ' -c "SELECT string_agg(relname || '=' || n_live_tup || ' rows/' || pg_size_pretty(pg_total_relation_size(relid)), ', ' ORDER BY relname) FROM pg_stat_user_tables WHERE relname LIKE 'execution_stats%'")"
  echo "indexes: $($PSQL -d "$DB" -F ' ' -c "SELECT string_agg(indexrelname || '=' || pg_size_pretty(pg_relation_size(indexrelid)), ', ' ORDER BY indexrelname) FROM pg_stat_user_indexes WHERE relname = 'automation_executions'"); table $($PSQL -d "$DB" -c "SELECT pg_size_pretty(pg_relation_size('automation_executions'))")"
  echo "requests: tenant A, $WARM warm-up then $N measured, sequential, one kept-alive connection"
} | tee "$REPORT"
P=/api/v1/automation/performance
java -cp "$OUT/latency" StatsLatency "http://127.0.0.1:$PORT" "$KEY" "$WARM" "$N" \
  /api/v1/automation/statistics \
  "$P" \
  "$P?date_from=$D7&group_by=hour" \
  "$P?date_from=$D30&group_by=hour" \
  "$P?date_from=$D90&group_by=week" \
  "$P?date_from=$D90&group_by=month" \
  "$P?date_from=$D90&group_by=day&metrics=execution_count,success_rate,error_rate,avg_duration,throughput" \
  "$P?date_from=$D90&group_by=day&rule_ids=$RULE_IDS" \
  | tee -a "$REPORT"
echo "report: $REPORT"
