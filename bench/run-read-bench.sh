#!/usr/bin/env bash
# Read benchmark (issue 15): GET /executions/{id} at a fixed rate, and the filtered, searched, sorted
# rule list (GET /rules?status=active&trigger_type=manual&search=bravo&sort=name&limit=25, its total
# count included) at a fixed rate over BENCH_RULES (10,000) rules, after two floor phases at the GET
# rate (an unauthenticated 404 and an authenticated 404 of no route; BENCH_FLOOR=off skips them), with hey from Debian (fixed rate:
# -q per worker). Starts the service against a fresh database on BENCH_PORT, warms each phase up
# first, then reports hey's percentiles, and EXPLAIN ANALYZE of the list's statements. Loopback only.
#
#   bench/run-read-bench.sh [GET_RATE=1000] [LIST_RATE=200] [SECONDS=20] [WARMUP_SECONDS=20]
#
# env: BENCH_PORT (18085), BENCH_RULES (10000), BENCH_JAR, BENCH_JAVA_OPTS (after rw_memory_options; the
# service's defaults: RULEWORKS_JVM_MEMORY replaces those), BENCH_IDLE_SECONDS (40), KEEP_DB=1, BENCH_LOGS=off
# (access and event logs at WARN; default: on, as shipped), BENCH_HEY_PROCS (10; 1: aligned bursts, see below),
# BENCH_AOT=1 (the service with the AOT cache of ./ruleworks start: recorded by a first start, then used)
#
# How hey keeps its rate: every worker waits on a ticker of its own (1/q), and hey starts all workers
# at once, so the tickers fire together: "1,000/s" with 50 workers x 20/s is a burst of 50 requests
# every 50 ms, not one request a millisecond. The percentiles then measure how fast the machine drains
# a burst of 50 (the last one waits for the 49 before it). So each measured phase's workers are split
# over BENCH_HEY_PROCS=P hey processes launched one tick period / P apart (at times taken from the
# clock, so that launching one does not delay the next one's slot): bursts of workers/P, P times as
# often; same rate, same workers. Their per-request times (-o csv) are merged into the same summary.
# P=10 by default: it divides both phases' workers (GET: 10 x 5 workers, a burst of 5 every 5 ms; the
# list: 10 x 2, a burst of 2 every 10 ms); 25 or 50 would not divide the list's 20, and every further
# hey process is one more Go runtime on the same two cores whose launch jitter (printed: the actual
# launch offsets) is already ~1 ms. BENCH_HEY_PROCS=1 is the old aligned pattern, one hey process, for
# comparison with earlier figures. The report says which pattern each phase ran.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
. bench/hey-staggered.sh
rw_pick_jdk
rw_ensure_postgres
rw_ensure_package hey

GET_RATE=${1:-1000}; LIST_RATE=${2:-200}; SECS=${3:-20}; WARMUP=${4:-20}
RULES=${BENCH_RULES:-10000}
PORT=${BENCH_PORT:-18085}
DB=rw_read_bench_$(date +%s)
OUT=bench/results; mkdir -p "$OUT"; REPORT="$OUT/read-$(date +%Y%m%d-%H%M%S).txt"
PSQL="psql -h 127.0.0.1 -U postgres -X -q -At"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true;
            [ -n "${KEEP_DB:-}" ] && echo "kept database $DB" && return 0
            $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; }
trap cleanup EXIT

JAR=${BENCH_JAR:-bootstrap/target/ruleworks.jar}
[ -f "$JAR" ] || ./mvnw -q -B -ntp -DskipTests package
export DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/$DB" MICRONAUT_SERVER_PORT=$PORT RULEWORKS_BOOTSTRAP_ADMIN_KEY=false
if [ "${BENCH_LOGS:-on}" = off ]; then export RULEWORKS_ACCESS_LOG_LEVEL=WARN RULEWORKS_EVENT_LOG_LEVEL=WARN; fi
# BENCH_AOT=1: as ./ruleworks start runs it, with a JDK 25 AOT cache recorded by a first start on the same
# (still empty) database and stopped, then the measured start using the cache
start_service() { # [JVM options]: starts the service (its pid in pids, for cleanup) and waits for /health
  java $(rw_memory_options) "$@" -jar "$JAR" > "$OUT/read-service.log" 2>&1 & pids+=($!)
  rw_wait_port 127.0.0.1 "$PORT" 120 ruleworks
  until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done
}
AOT_OPTS=""
if [ -n "${BENCH_AOT:-}" ]; then
  AOT_FILE=$(mktemp -u /tmp/ruleworks-read-bench.XXXXXX).aot
  start_service -XX:AOTCacheOutput="$AOT_FILE"
  kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()
  [ -s "$AOT_FILE" ] || { echo "no AOT cache written (JDK 25 needed)" >&2; exit 1; }
  AOT_OPTS="-XX:AOTCache=$AOT_FILE"; trap 'cleanup; rm -f "$AOT_FILE"' EXIT
fi
start_service $AOT_OPTS ${BENCH_JAVA_OPTS:-}  # pids[0]: the service measured below
BASE="http://127.0.0.1:$PORT/api/v1/automation"

KEY=$(java -jar "$JAR" create-api-key --permissions automation:read,automation:create,automation:execute --json 2>/dev/null \
      | sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p')
RULE=$(curl -sf -X POST "$BASE/rules" -H "x-api-key: $KEY" -H 'content-type: application/json' \
  -d '{"name":"seed","status":"active","trigger_type":"manual","trigger_config":{},"actions":[{"type":"webhook_call","order":1,"config":{"url":"https://hooks.example.com/x"}}]}' \
  | grep -o '"rule_id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
# an execution to read (a dry run: finished at once, nothing is called)
EXECUTION=$(curl -sf -X POST "$BASE/rules/$RULE/execute" -H "x-api-key: $KEY" -H 'content-type: application/json' \
  -d "{\"automation_rule_id\":\"$RULE\",\"dry_run\":true,\"execution_data\":{\"n\":1}}" | grep -o '"execution_id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
[ -n "$EXECUTION" ] || { echo "no execution id" >&2; exit 1; }
# the other rules as copies of the seed with varied names (26 words, two per name), descriptions,
# statuses (1 in 4 active) and trigger types (1 in 6 manual, independently)
$PSQL -d "$DB" -c "
  WITH words AS (SELECT string_to_array('alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu', ' ') AS w)
  INSERT INTO automation_rules (tenant, rule_id, name, description, status, priority, trigger_type, trigger_config, conditions,
         condition_logic, actions, max_concurrent_executions, execution_timeout_minutes, retry_failed_executions, is_template,
         template_category, tags, metadata, notification_settings, created_by, created_at, updated_at, execution_count, last_executed)
  SELECT r.tenant, gen_random_uuid(), w[1 + i % 26] || ' ' || w[1 + (i / 26) % 26] || ' ' || i,
         'rule ' || i || ' for ' || w[1 + (i * 7) % 26], (ARRAY['active','inactive','draft','error'])[1 + i % 4],
         r.priority, (ARRAY['time_based','event_based','condition_based','manual','recurring','webhook'])[1 + (i / 4) % 6],
         CASE WHEN (i / 4) % 6 = 3 THEN '{}'::jsonb ELSE r.trigger_config END, r.conditions, r.condition_logic, r.actions,
         r.max_concurrent_executions, r.execution_timeout_minutes, r.retry_failed_executions, r.is_template,
         r.template_category, r.tags, r.metadata, r.notification_settings, r.created_by,
         now() - i * interval '1 minute', now() - i * interval '1 minute', i % 50, NULL
    FROM automation_rules r, words, generate_series(1, $RULES - 1) AS i
   WHERE r.rule_id = '$RULE'"
$PSQL -d "$DB" -c "VACUUM ANALYZE automation_rules, automation_executions"
LIST="$BASE/rules?status=active&trigger_type=manual&search=bravo&sort=name&limit=25"
echo "list answers: $(curl -sf "$LIST" -H "x-api-key: $KEY" | head -c 300)..." > "$OUT/read-list-sample.txt"

summary() { # hey output on stdin
  awk '/Requests\/sec/ { rps = $2 } /Average:/ && !avg { avg = $2 }
       /50% in/ { p50 = $3 } /90% in/ { p90 = $3 } /99% in/ { p99 = $3 }
       /^[ \t]*\[[0-9]+\][ \t]+[0-9]+ responses/ { codes = codes " " $1 $2 }
       END { printf "req_per_s=%.0f avg_ms=%.2f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f statuses:%s\n", rps, avg * 1000, p50 * 1000, p90 * 1000, p99 * 1000, codes }'
}
phase() { # name url rate workers seconds
  local per_worker=$(( $3 / $4 )) procs=$HEY_PROCS pattern
  hey -z "${WARMUP}s" -c "$4" -q "$per_worker" -H "x-api-key: $KEY" "$2" > /dev/null
  if [ "$procs" -gt 1 ] && [ $(( $4 % procs )) -ne 0 ]; then
    echo "($4 workers do not split over $procs hey processes: this phase runs aligned)" | tee -a "$REPORT"
    procs=1
  fi
  if [ "$procs" -gt 1 ]; then
    pattern="staggered: $procs hey processes x $(( $4 / procs )) workers, a burst of $(( $4 / procs )) every $(( 1000 / per_worker / procs )) ms"
  else
    pattern="aligned: 1 hey process, a burst of $4 every $(( 1000 / per_worker )) ms"
  fi
  echo "== $1: $3/s ($4 workers x $per_worker/s; $pattern), ${5}s; load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$REPORT"
  local cpu0 cpu1 out n x0 x1 line
  if [ "$procs" -gt 1 ]; then
    x0=$(xacts); cpu0=$(cpu_ticks); out=$(hey_staggered "$2" "$3" "$4" "$5" "$procs" -H "x-api-key: $KEY"); cpu1=$(cpu_ticks)
    sleep 2; x1=$(xacts)
    n=$(echo "$out" | tail -n 1); line=$(echo "$out" | head -n 2)
  else
    x0=$(xacts); cpu0=$(cpu_ticks); out=$(hey -z "${5}s" -c "$4" -q "$per_worker" -H "x-api-key: $KEY" "$2"); cpu1=$(cpu_ticks)
    sleep 2; x1=$(xacts)
    n=$(echo "$out" | awk '/^[ \t]*\[[0-9]+\][ \t]+[0-9]+ responses/ { n += $2 } END { print n + 0 }')
    line=$(echo "$out" | summary)
  fi
  { echo "$line"
    # the service's own CPU time per answered request: robust against what else loads the machine
    echo "service_cpu_ms_per_request=$(awk -v a="$cpu0" -v b="$cpu1" -v n="${n:-0}" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { printf "%.3f", n ? (b - a) * 1000 / hz / n : 0 }') (requests answered: ${n:-0})"
    # autocommit statements and transactions PostgreSQL counted, per request
    echo "db_transactions_per_request=$(awk -v a="$x0" -v b="$x1" -v n="${n:-0}" 'BEGIN { printf "%.2f", n ? (b - a) / n : 0 }')"; } | tee -a "$REPORT"
}
xacts() { $PSQL -d postgres -c "SELECT pg_stat_force_next_flush(); SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$DB'" | tail -n 1; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/${pids[0]}/stat"; }

HEY_PROCS=${BENCH_HEY_PROCS:-10}
[[ "$HEY_PROCS" =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_HEY_PROCS must be a positive number, not '$HEY_PROCS'" >&2; exit 2; }
{ echo "Ruleworks read benchmark $(date -u +%FT%TZ), logs ${BENCH_LOGS:-on}, AOT cache: ${BENCH_AOT:-no}, load pattern: $([ "$HEY_PROCS" -gt 1 ] \
    && echo "staggered (BENCH_HEY_PROCS=$HEY_PROCS hey processes per phase)" || echo "aligned bursts (BENCH_HEY_PROCS=1)")"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(java -version 2>&1 | head -1); rules=$RULES"; } | tee "$REPORT"
if [ "${BENCH_FLOOR:-on}" = on ]; then
  # the floor on this machine with this load tool: what any answer costs before our code does anything
  phase "floor: unauthenticated 404 (no route, no filter)" "http://127.0.0.1:$PORT/no-such-page" "$GET_RATE" 50 "$SECS"
  phase "floor: authenticated 404 (API key checked from the cache, no route)" "$BASE/no-such-resource" "$GET_RATE" 50 "$SECS"
fi
phase "GET /executions/{id}" "$BASE/executions/$EXECUTION" "$GET_RATE" 50 "$SECS"
phase "GET /rules (status, trigger_type, search, sort=name, limit 25, with total)" "$LIST" "$LIST_RATE" 20 "$SECS"
echo "RSS right after the load: $(ps -o rss= -p "${pids[0]}" | awk '{printf "%.0f MB", $1/1024}')" | tee -a "$REPORT"
# G1 returns the heap it grew after 30 s of idleness (-XX:G1PeriodicGCInterval in rw_memory_options)
sleep "${BENCH_IDLE_SECONDS:-40}"
echo "idle RSS ${BENCH_IDLE_SECONDS:-40} s after the load: $(ps -o rss= -p "${pids[0]}" | awk '{printf "%.0f MB", $1/1024}') (JVM memory options: $(rw_memory_options) $AOT_OPTS ${BENCH_JAVA_OPTS:-})" | tee -a "$REPORT"
echo "report: $REPORT"
