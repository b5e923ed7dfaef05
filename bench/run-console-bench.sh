#!/usr/bin/env bash
# Console benchmark (issue 16): how long the operator console's pages take to render over a
# history of EXECUTIONS executions (default 100,000) of RULES rules (default 200) of two tenants
# (bench/statistics-data.sql: 90 days, realistic status mix). Fresh database, queue workers off
# (the history is read-only), rollup folded and tables analyzed before measuring; then signs in
# with an API key and times each page: WARM unmeasured then N measured sequential requests
# (client-side p50 / p95 / max). Loopback only.
#
#   bench/run-console-bench.sh [EXECUTIONS=100000] [N=100] [WARM=20]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
rw_pick_jdk
rw_ensure_postgres

EXECUTIONS=${1:-100000}; N=${2:-100}; WARM=${3:-20}
RULES=${BENCH_RULES:-200}
PORT=${BENCH_PORT:-18086}
DB=i16_consolebench_$(date +%s)
OUT=bench/results; mkdir -p "$OUT"; REPORT="$OUT/console-$(date +%Y%m%d-%H%M%S).txt"
PSQL="psql -h 127.0.0.1 -U postgres -X -q -At -v ON_ERROR_STOP=1"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true;
            $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; }
trap cleanup EXIT

if [ ! -f bootstrap/target/ruleworks.jar ] || [ -n "$(find ./*/src/main -newer bootstrap/target/ruleworks.jar -type f | head -n 1)" ]; then
  ./mvnw -q -B -ntp -pl bootstrap -am -DskipTests package
fi

export DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/$DB" MICRONAUT_SERVER_PORT=$PORT
export RULEWORKS_ACCESS_LOG_LEVEL=WARN RULEWORKS_EVENT_LOG_LEVEL=WARN RULEWORKS_BOOTSTRAP_ADMIN_KEY=false
export RULEWORKS_QUEUE_WORKERS_ENABLED=false
java ${BENCH_JAVA_OPTS:--Xms512m -Xmx1g} -jar bootstrap/target/ruleworks.jar > "$OUT/console-service.log" 2>&1 & pids+=($!)
rw_wait_port 127.0.0.1 "$PORT" 120 ruleworks
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done

ISSUED=$(java -jar bootstrap/target/ruleworks.jar create-api-key --permissions automation:read,automation:execute,automation:update,automation:create --json)
KEY=$(sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p' <<<"$ISSUED")
TENANT_A=$(sed -n 's/.*"tenant":"\([^"]*\)".*/\1/p' <<<"$ISSUED")
TENANT_B=$(cat /proc/sys/kernel/random/uuid)
$PSQL -d "$DB" -v tenant_a="$TENANT_A" -v tenant_b="$TENANT_B" -v rules="$RULES" -v executions="$EXECUTIONS" \
  -f bench/statistics-data.sql
fold_start=$(date +%s)
until [ "$($PSQL -d "$DB" -c "SELECT NOT EXISTS (SELECT FROM execution_stats_delta)")" = t ]; do
  [ $(( $(date +%s) - fold_start )) -lt 600 ] || { echo "deltas still unfolded after 600 s" >&2; exit 1; }
  sleep 1
done
# statistics-data.sql only needs rules the statistics can count; the console reads them through the
# domain, so give every rule a valid definition (a manual trigger and one webhook action)
$PSQL -d "$DB" -c "UPDATE automation_rules SET trigger_type = 'manual', trigger_config = '{}', actions = '[{\"type\": \"webhook_call\", \"order\": 1, \"config\": {\"url\": \"https://hooks.example.com/bench\"}}]'"
$PSQL -d "$DB" -c "VACUUM ANALYZE"
RULE=$($PSQL -d "$DB" -c "SELECT rule_id FROM automation_rules WHERE tenant = '$TENANT_A' ORDER BY execution_count DESC LIMIT 1")
FAILED=$($PSQL -d "$DB" -c "SELECT execution_id FROM automation_executions WHERE tenant = '$TENANT_A' AND status = 'failed' ORDER BY created_at DESC LIMIT 1")

# the timing clients share their loop (bench/LatencyLoop.java): compiled together
javac -d "$OUT/latency" bench/LatencyLoop.java bench/ConsoleLatency.java bench/StatsLatency.java

{ echo "Ruleworks console benchmark $(date -u +%FT%TZ)"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
  echo "data: $($PSQL -d "$DB" -c "SELECT count(*) FROM automation_executions") executions, $RULES rules, 2 tenants, 90 days; tenant A holds $($PSQL -d "$DB" -c "SELECT count(*) FROM automation_executions WHERE tenant = '$TENANT_A'")"
  echo "requests: tenant A, signed in, $WARM warm-up then $N measured, sequential, one kept-alive connection"
} | tee "$REPORT"
java -cp "$OUT/latency" ConsoleLatency "http://127.0.0.1:$PORT" "$KEY" "$WARM" "$N" \
  /console/ \
  /console/rules \
  "/console/rules?search=bench&status=active&sort=execution_count&order=desc" \
  "/console/rules/$RULE" \
  /console/executions \
  "/console/executions?status=failed" \
  "/console/executions?rule=$RULE&from=$(date -u -d '30 days ago' +%F)" \
  "/console/executions?page=200" \
  "/console/executions/$FAILED" \
  /console/templates \
  | tee -a "$REPORT"
# the same lists through the REST API, to tell the query's share from the page's rendering
echo "REST API, same data and key:" | tee -a "$REPORT"
java -cp "$OUT/latency" StatsLatency "http://127.0.0.1:$PORT" "$KEY" "$WARM" "$N" \
  /api/v1/automation/executions \
  "/api/v1/automation/executions?status=failed" \
  "/api/v1/automation/executions?page=200" \
  "/api/v1/automation/performance?date_from=$(date -u -d '30 days ago' +%Y-%m-%dT%H:%M:%SZ)&group_by=hour" \
  "/api/v1/automation/performance?date_from=$(date -u -d '29 days ago' +%Y-%m-%dT00:00:00Z)&group_by=day" \
  | tee -a "$REPORT"
