#!/usr/bin/env bash
# Execution-engine benchmark (issue 4): starts the service against a fresh database, creates rules
# with one webhook_call action to a local sink, fires executions over HTTP at a fixed rate and at a
# high rate, and reports completed executions/s and trigger-to-completed latency
# (from the executions' own timestamps), next to pgbench's single-row insert TPS on the same
# database. Loopback only.
#
#   bench/run-execution-bench.sh [FIXED_RATE=500] [FIXED_SECONDS=20] [MAX_CONNECTIONS=32] [MAX_SECONDS=15]
#
# Fixed rate: wrk paced by bench/execute.lua's delay() over BENCH_PACED_CONNECTIONS (64) connections;
# with BENCH_OPEN_LOOP=1 also bench/LoadGen.java, open loop (requests start on schedule whatever
# the answers; its JDK HTTP client costs up to 0.8 of a core). High rate: wrk, closed loop with
# MAX_CONNECTIONS connections (cheap on CPU, so the load generator takes as little as possible of
# the two cores from the service and PostgreSQL). The service is warmed up for
# BENCH_WARMUP_SECONDS (90) first. A last phase sends dry runs at the high rate: the request side
# alone (HTTP, authentication, the durable insert), no worker. Per phase the report gives the CPU
# (in cores) that the service, PostgreSQL, the sink and the load generator used; BENCH_PROFILER (path to
# async-profiler's libasyncProfiler.so) adds a CPU profile of the service in the high-rate phase,
# KEEP_DB=1 keeps the database, BENCH_LOGS=on leaves the access and event logs on (default: off, at
# WARN), BENCH_JAR runs another jar than bootstrap/target/ruleworks.jar. BENCH_HISTORY=N (issue 18) first loads N finished executions of the
# bench rules, spread over 90 days (bench/history-data.sql), before the warm-up: the service's
# retention purge (30 days by default, every minute) then deletes the older two thirds while the
# phases run; BENCH_HISTORY_PURGE=0 turns it off (a 10-year retention).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
rw_pick_jdk
rw_ensure_postgres

FIXED_RATE=${1:-500}; FIXED_SECONDS=${2:-20}; MAX_CONNECTIONS=${3:-32}; MAX_SECONDS=${4:-15}
rw_ensure_package wrk
RULES=${BENCH_RULES:-20}
PORT=${BENCH_PORT:-18080}; SINK_PORT=${BENCH_SINK_PORT:-18090}
DB=${BENCH_DB_NAME:-rw_bench_$(date +%s)}
OUT=bench/results; mkdir -p "$OUT"; REPORT="$OUT/execution-$(date +%Y%m%d-%H%M%S).txt"
PSQL="psql -h 127.0.0.1 -U postgres -X -q -At"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rw_restore_autovacuum
            [ -n "${KEEP_DB:-}" ] && echo "kept database $DB" && return 0
            $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; }
trap cleanup EXIT
rw_bench_autovacuum

JAR=${BENCH_JAR:-bootstrap/target/ruleworks.jar}
[ -f "$JAR" ] || ./mvnw -q -B -ntp -DskipTests package
java bench/Sink.java "$SINK_PORT" > "$OUT/sink.log" 2>&1 & pids+=($!); SINK_PID=$!

export DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/$DB" MICRONAUT_SERVER_PORT=$PORT
export RULEWORKS_BOOTSTRAP_ADMIN_KEY=false
# BENCH_LOGS=on keeps the access and event logs as shipped (INFO, through the asynchronous appender)
if [ "${BENCH_LOGS:-off}" = off ]; then export RULEWORKS_ACCESS_LOG_LEVEL=WARN RULEWORKS_EVENT_LOG_LEVEL=WARN; fi
# the sink is on loopback, which the webhook SSRF guard refuses unless allowlisted
export RULEWORKS_OUTBOUND_ALLOW=127.0.0.1/32 RULEWORKS_WEBHOOKS_SIGNING_SECRET=bench-signing-secret
[ "${BENCH_HISTORY_PURGE:-1}" = 0 ] && export RULEWORKS_EXECUTIONS_RETENTION=3650d RULEWORKS_EXECUTIONS_RETENTION_FAILED=3650d
java ${BENCH_JAVA_OPTS:--Xms1g -Xmx2g} -jar "$JAR" > "$OUT/service.log" 2>&1 & pids+=($!); SERVICE_PID=$!
rw_wait_port 127.0.0.1 "$PORT" 60 ruleworks
rw_wait_port 127.0.0.1 "$SINK_PORT" 30 sink
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done

ISSUED=$(java -jar "$JAR" create-api-key --permissions automation:read,automation:create,automation:execute --json)
KEY=$(sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p' <<<"$ISSUED")
: > "$OUT/rules.txt"
for i in $(seq 1 "$RULES"); do
  curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/automation/rules" -H "x-api-key: $KEY" -H 'content-type: application/json' \
    -d "{\"name\":\"bench $i\",\"status\":\"active\",\"trigger_type\":\"manual\",\"trigger_config\":{},\"max_concurrent_executions\":100,
         \"actions\":[{\"type\":\"webhook_call\",\"order\":1,\"config\":{\"url\":\"http://127.0.0.1:$SINK_PORT/hook\",\"body\":{\"n\":\"{{trigger.n}}\"}}}]}" \
    | grep -o '"rule_id":"[^"]*"' | head -n 1 | cut -d'"' -f4 >> "$OUT/rules.txt"
done

if [ "${BENCH_HISTORY:-0}" -gt 0 ]; then
  TENANT=$(sed -n 's/.*"tenant":"\([^"]*\)".*/\1/p' <<<"$ISSUED")
  start=$(date +%s)
  $PSQL -d "$DB" -v tenant="$TENANT" -v n="$BENCH_HISTORY" -v ids="${BENCH_HISTORY_IDS:-v7}" -f bench/history-data.sql
  echo "history: $BENCH_HISTORY finished executions loaded in $(( $(date +%s) - start ))s" >> "$OUT/history-load.txt"
fi

# BENCH_SETUP_SQL: statements run on the bench database before the warm-up (e.g. table settings under test)
[ -n "${BENCH_SETUP_SQL:-}" ] && $PSQL -d "$DB" -c "$BENCH_SETUP_SQL"

# waits (up to N half-seconds) until no execution is pending or running
drain() {
  for _ in $(seq 1 "$1"); do
    [ "$($PSQL -d "$DB" -c "SELECT count(*) FROM automation_executions WHERE status IN ('pending','running')")" = 0 ] && break
    sleep 0.5
  done
}

# warm-up: until the JIT has compiled the hot paths (an 8 s warm-up left C2 compiling through the
# measured phases: 40 % of the service's CPU samples in CompileBroker), and the pools are full
RW_KEY=$KEY RW_RULES="$OUT/rules.txt" wrk -t1 -c16 -d"${BENCH_WARMUP_SECONDS:-90}s" -s bench/execute.lua "http://127.0.0.1:$PORT" > /dev/null
# let the warm-up's backlog drain: executions queued by a closed-loop phase that outran the workers
# would otherwise sit ahead of the fixed-rate phase's (one run measured p99 6 s that way)
drain 240
# keep the warm-up executions (phases count from their own start mark) and give the planner statistics,
# as a running system has them: right after a TRUNCATE the generic plans of the worker statements
# pick a partial index and filter thousands of rows (measured: 2 ms per final update)
$PSQL -d "$DB" -c "VACUUM ANALYZE automation_executions, automation_outbox, automation_rules"

# CPU time (utime + stime, clock ticks) per process group: where the two cores went during a phase
cpu_snapshot() {
  for stat in /proc/[0-9]*/stat; do
    read -r line < "$stat" 2>/dev/null || continue
    pid=${line%% *}; rest=${line##*) }; comm=${line#*(}; comm=${comm%%)*}
    set -- $rest
    group=other
    case "$pid" in "$SERVICE_PID") group=service ;; "$SINK_PID") group=sink ;; esac
    [ "$group" = other ] && case "$comm" in postgres) group=postgres ;; wrk) group=loadgen ;; java) group=loadgen ;; esac
    echo "$pid $group $(( ${12} + ${13} ))"
  done
}
cpu_report() { # before-file after-file seconds
  awk -v secs="$3" -v hz="$(getconf CLK_TCK)" 'NR==FNR { before[$1] = $3; next }
       { used[$2] += $3 - ($1 in before ? before[$1] : 0) }
       END { line = "cpu_cores_used:"; for (g in used) { line = line sprintf(" %s=%.2f", g, used[g] / hz / secs) } print line }' "$1" "$2"
}

# PostgreSQL's side of a phase: WAL written (bytes, full-page images: pg_stat_wal, cluster-wide, so
# only meaningful on an otherwise idle server) and the database's buffer hits and reads from outside
# shared_buffers, each per execution the phase created, and the autovacuum and autoanalyze runs of
# the executions table that ended during it
io_snapshot() {
  $PSQL -d "$DB" -F ' ' -c "SELECT w.wal_bytes, w.wal_fpi, w.wal_records, d.blks_hit, d.blks_read,
                                     t.autovacuum_count, t.autoanalyze_count
                              FROM pg_stat_wal w, pg_stat_database d, pg_stat_user_tables t
                             WHERE d.datname = current_database() AND t.relname = 'automation_executions'"
}
io_report() { # before-file after-file mark
  local n
  n=$($PSQL -d "$DB" -c "SELECT greatest(count(*), 1) FROM automation_executions WHERE created_at >= '$3'")
  paste -d' ' "$1" "$2" | awk -v n="$n" '{ printf "postgres_per_execution: wal_bytes=%.0f wal_fpi=%.2f wal_records=%.1f blks_hit=%.1f blks_read=%.2f; executions table: autovacuums=%d autoanalyzes=%d\n",
      ($8-$1)/n, ($9-$2)/n, ($10-$3)/n, ($11-$4)/n, ($12-$5)/n, $13-$6, $14-$7 }'
}

phase() { # name rate|wrk:connections seconds
  local name=$1 rate=$2 secs=$3 mark
  mark=$($PSQL -d "$DB" -c "SELECT clock_timestamp()")
  io_snapshot > "$OUT/io-before.txt"
  cpu_snapshot > "$OUT/cpu-before.txt"
  if [[ $rate == wrk:* ]]; then
    echo "== $name: wrk, ${rate#wrk:} connections, ${secs}s" | tee -a "$REPORT"
    RW_KEY=$KEY RW_RULES="$OUT/rules.txt" RW_DRY_RUN=${RW_DRY_RUN:-} wrk -t1 -c"${rate#wrk:}" -d"${secs}s" -s bench/execute.lua "http://127.0.0.1:$PORT" \
      | grep '^wrk:' | tee -a "$REPORT"
  elif [[ $rate == paced:* ]]; then
    echo "== $name: wrk paced at ${rate#paced:}/s over $PACED_CONNECTIONS connections, ${secs}s" | tee -a "$REPORT"
    RW_KEY=$KEY RW_RULES="$OUT/rules.txt" RW_RATE=${rate#paced:} RW_CONNECTIONS=$PACED_CONNECTIONS \
      wrk -t1 -c"$PACED_CONNECTIONS" -d"${secs}s" -s bench/execute.lua "http://127.0.0.1:$PORT" \
      | grep '^wrk:' | tee -a "$REPORT"
  else
    echo "== $name: offered $rate/s for ${secs}s" | tee -a "$REPORT"
    java bench/LoadGen.java "http://127.0.0.1:$PORT" "$KEY" "$OUT/rules.txt" "$rate" "$secs" | tee -a "$REPORT"
  fi
  cpu_snapshot > "$OUT/cpu-after.txt"
  cpu_report "$OUT/cpu-before.txt" "$OUT/cpu-after.txt" "$secs" | tee -a "$REPORT"
  io_snapshot > "$OUT/io-after.txt"
  drain 120
  $PSQL -d "$DB" -F ' ' -c "
    SELECT 'completed=' || count(*) FILTER (WHERE status = 'completed'),
           'other=' || count(*) FILTER (WHERE status <> 'completed'),
           'completed_per_s=' || round((count(*) FILTER (WHERE status = 'completed')
                 / greatest(extract(epoch FROM max(completed_at) - min(created_at)), 0.001))::numeric, 1),
           'latency_ms_p50=' || round(percentile_cont(0.50) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) * 1000)::numeric, 1),
           'p95=' || round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) * 1000)::numeric, 1),
           'p99=' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) * 1000)::numeric, 1)
      FROM automation_executions WHERE created_at >= '$mark'" | tee -a "$REPORT"
  io_report "$OUT/io-before.txt" "$OUT/io-after.txt" "$mark" | tee -a "$REPORT"
}

{ echo "Ruleworks execution benchmark $(date -u +%FT%TZ)"; echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(java -version 2>&1 | head -1)"
  echo "rules=$RULES (max_concurrent_executions 100, one webhook_call each), logs ${BENCH_LOGS:-off}"
  echo "history=${BENCH_HISTORY:-0} finished executions, purge ${BENCH_HISTORY_PURGE:-1}; autovacuum $($PSQL -d "$DB" -c 'SHOW autovacuum'); load average $(cut -d' ' -f1-3 /proc/loadavg)"; } | tee "$REPORT"
# fixed rate, paced by wrk (cheap on CPU); the JDK-client open-loop generator (LoadGen) took up to
# 0.8 of a core at 300/s from the service, so it runs only with BENCH_OPEN_LOOP=1
PACED_CONNECTIONS=${BENCH_PACED_CONNECTIONS:-64}
phase "fixed rate" "paced:$FIXED_RATE" "$FIXED_SECONDS"
[ -n "${BENCH_OPEN_LOOP:-}" ] && phase "fixed rate, open loop" "$FIXED_RATE" "$FIXED_SECONDS"
# BENCH_PROFILER=<path to libasyncProfiler.so>: CPU profile of the service during the high-rate phase only
# (collapsed stacks in bench/results/), attached and detached with jcmd
[ -n "${BENCH_PROFILER:-}" ] && jcmd "$SERVICE_PID" JVMTI.agent_load "$BENCH_PROFILER" '"start,event=itimer,interval=1ms"' >/dev/null
# BENCH_WAITS=1: what PostgreSQL's backends of the bench database do during the high-rate phase,
# sampled from pg_stat_activity every 50 ms (state, wait event and the start of the statement of each
# non-idle backend)
if [ -n "${BENCH_WAITS:-}" ]; then
  ( end=$(( $(date +%s) + MAX_SECONDS )); while [ "$(date +%s)" -lt "$end" ]; do
      $PSQL -d "$DB" -F ' ' -c "SELECT state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, '-'),
                                        regexp_replace(left(query, 48), '\s+', ' ', 'g')
                                  FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                                   AND state <> 'idle' AND backend_type = 'client backend'"; sleep 0.05; done ) > "$OUT/waits.txt" &
  WAITS_PID=$!
fi
# BENCH_EXPLAIN_CLAIM=1: the claim under EXPLAIN (ANALYZE, BUFFERS) in rolled-back transactions, five
# times half-way through the high-rate phase (it competes with the dispatcher for the due rows)
if [ -n "${BENCH_EXPLAIN_CLAIM:-}" ]; then
  CLAIM=$(bench/claim-sql.sh)
  ( sleep $(( MAX_SECONDS / 2 )); for _ in 1 2 3 4 5; do printf 'BEGIN;\nEXPLAIN (ANALYZE, BUFFERS) %s;\nROLLBACK;\n' "$CLAIM"; done \
      | $PSQL -d "$DB" -f - > "$OUT/claim-plans-$(basename "$REPORT")" ) &
  EXPLAIN_PID=$!
fi
phase "high rate" "wrk:$MAX_CONNECTIONS" "$MAX_SECONDS"
[ -n "${BENCH_EXPLAIN_CLAIM:-}" ] && { wait "$EXPLAIN_PID" 2>/dev/null || true; echo "claim plans: $OUT/claim-plans-$(basename "$REPORT")" | tee -a "$REPORT"; }
if [ -n "${BENCH_WAITS:-}" ]; then
  wait "$WAITS_PID" 2>/dev/null || true
  { echo "backend samples in the high-rate phase (count: state, wait event type, wait event, statement):"; sort "$OUT/waits.txt" | uniq -c | sort -rn | head -15; } | tee -a "$REPORT"
fi
[ -n "${BENCH_PROFILER:-}" ] && jcmd "$SERVICE_PID" JVMTI.agent_load "$BENCH_PROFILER" \
  "\"stop,file=$PWD/${REPORT%.txt}.collapsed,collapsed\"" >/dev/null && echo "profile: ${REPORT%.txt}.collapsed" | tee -a "$REPORT"

# the request side alone, for the split of the machine's work per execution: dry runs are
# evaluated, rendered and stored (finished, one insert) by the request itself, so this phase is the
# HTTP request, authentication, the rule check, the JSON and the insert without the worker's claim,
# webhook call and save
RW_DRY_RUN=1 phase "request side only (dry runs)" "wrk:$MAX_CONNECTIONS" "$MAX_SECONDS"

# the ratio's denominator: pgbench single-row inserts on the same database and server
$PSQL -d "$DB" -c "CREATE TABLE IF NOT EXISTS pgbench_single_insert (id bigserial PRIMARY KEY, v int, at timestamptz DEFAULT now())"
echo "INSERT INTO pgbench_single_insert (v) VALUES (1);" > "$OUT/insert.sql"
echo "== pgbench single-row insert (8 clients, 10 s)" | tee -a "$REPORT"
pgbench -h 127.0.0.1 -U postgres -n -c 8 -j 2 -T 10 -f "$OUT/insert.sql" "$DB" 2>/dev/null | grep -E "^tps|latency average" | tee -a "$REPORT"
echo "report: $REPORT"
