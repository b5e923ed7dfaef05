#!/usr/bin/env bash
# A floor for issue 4's throughput target: how many execution lifecycles per second PostgreSQL
# alone sustains on this machine, with both cores to itself and pgbench as the only client, for
# the least work an execution can take in the service's own schema (bench/lifecycle-floor.sql:
# insert with synchronous commit, claim and complete with relaxed commits; no outbox, counters,
# relay, statistics, HTTP or JVM), one execution at a time and ten at a time
# (bench/lifecycle-floor-batched.sql). Migrates a fresh database with the service's jar, then runs
# pgbench with 8 and 32 clients for 15 s each. Loopback only.
#
#   bench/run-lifecycle-floor.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
rw_pick_jdk
rw_ensure_postgres
PORT=${BENCH_PORT:-18082}
DB=rw_floor_$(date +%s)
OUT=bench/results; mkdir -p "$OUT"; REPORT="$OUT/lifecycle-floor-$(date +%Y%m%d-%H%M%S).txt"
PSQL="psql -h 127.0.0.1 -U postgres -X -q -At"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true
            $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; }
trap cleanup EXIT
[ -f bootstrap/target/ruleworks.jar ] || ./mvnw -q -B -ntp -DskipTests package
# the service creates and migrates the database; its workers stay off
DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/$DB" MICRONAUT_SERVER_PORT=$PORT \
  RULEWORKS_QUEUE_WORKERS_ENABLED=false RULEWORKS_BOOTSTRAP_ADMIN_KEY=false \
  java -jar bootstrap/target/ruleworks.jar > "$OUT/floor-service.log" 2>&1 & pid=$!
rw_wait_port 127.0.0.1 "$PORT" 60 ruleworks
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
TENANT=$($PSQL -d "$DB" -c "INSERT INTO tenants (tenant, name, created_at) VALUES (gen_random_uuid(), 'floor', now()) RETURNING tenant")
RULE=$($PSQL -d "$DB" -c "INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config,
        actions, notification_settings, created_at, updated_at)
        VALUES ('$TENANT', gen_random_uuid(), 'floor', 'active', 'normal', 'manual', '{}',
        '[{\"type\":\"webhook_call\",\"order\":1,\"config\":{}}]', '{}', now(), now()) RETURNING rule_id")
{ echo "Ruleworks lifecycle floor $(date -u +%FT%TZ); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
  for script in lifecycle-floor lifecycle-floor-batched; do
    for clients in 8 32; do
      echo "== pgbench bench/$script.sql, $clients clients, 15 s (TPS = transactions/s; batched: 10 lifecycles each)"
      pgbench -h 127.0.0.1 -U postgres -n -c "$clients" -j 2 -T 15 -D tenant="$TENANT" -D rule="$RULE" \
        -f "bench/$script.sql" "$DB" 2>&1 | grep -E "^tps|latency average|error|ERROR" || true
    done
  done; } | tee "$REPORT"
echo "report: $REPORT"
