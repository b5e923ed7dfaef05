#!/usr/bin/env bash
# Reliability suite (issue 14): the packaged service under faults, loopback only, bounded in count
# and time. Two instances of bootstrap/target/ruleworks.jar share a fresh database that they reach
# through a TCP proxy (bench/TcpProxy.java), and call a local webhook sink
# (bench/ReliabilitySink.java) that counts every Idempotency-Key it sees. Phases:
#
#   1 kill9     kill -9 of one of the two instances while REL_KILL_COUNT (2,000) executions are submitted
#   2 outage    the database unreachable for REL_OUTAGE_SHORT (35) s while executions are submitted
#   3 outage    the same for REL_OUTAGE_LONG (300) s
#   4 poison    the sink answers {"a":"\u0000"}, which PostgreSQL cannot store: the execution must end
#   5 slow      REL_SLOW_CONNS (1,000) slow connections (half a header line, half a body byte every
#               5 s) while normal requests are timed
#
# Each execution phase has its own rule and sink path and reports: accepted (201 answers),
# completed, failed (failed/timeout/cancelled), stuck (still pending or running at the end of the
# phase's drain time), re-delivered (keys the sink saw more than once, and the extra deliveries).
#
#   bench/run-reliability.sh            # the default run: all phases, the 5-minute outage included (~15 min)
#   bench/run-reliability.sh --quick    # a 60 s long outage, 600 kill-phase executions, shorter drains and slow phase
#   bench/run-reliability.sh --phases 1,4   # only some phases
#
# Settings (environment): REL_PORT_A/B (18083/18093), REL_SINK_PORT (18183), REL_PROXY_PORT (18283),
# REL_DB_PREFIX (rw_rel; the database is <prefix>_<unix time>, dropped at the end unless KEEP_DB=1),
# REL_KILL_COUNT, REL_KILL_RATE (100/s), REL_OUTAGE_SHORT, REL_OUTAGE_LONG, REL_OUTAGE_RATE (20/s),
# REL_DRAIN (180 s: the most a phase waits for its executions to end), REL_POISON_COUNT (3),
# REL_POISON_DRAIN (120 s), REL_SLOW_CONNS, REL_SLOW_SECONDS (90), REL_JAVA_OPTS (-Xmx512m).
# Results: bench/results/reliability-<time>.txt (and the services' logs beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
rw_pick_jdk
rw_ensure_postgres

QUICK=""; PHASES="1,2,3,4,5"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --phases) PHASES=$2; shift ;;
    *) echo "usage: $0 [--quick] [--phases 1,2,3,4,5]" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$QUICK" ]; then
  : "${REL_KILL_COUNT:=600}" "${REL_OUTAGE_LONG:=60}" "${REL_DRAIN:=90}" "${REL_POISON_DRAIN:=70}"
  : "${REL_SLOW_CONNS:=200}" "${REL_SLOW_SECONDS:=30}"
fi
PORT_A=${REL_PORT_A:-18083}; PORT_B=${REL_PORT_B:-18093}
SINK_PORT=${REL_SINK_PORT:-18183}; PROXY_PORT=${REL_PROXY_PORT:-18283}
KILL_COUNT=${REL_KILL_COUNT:-2000}; KILL_RATE=${REL_KILL_RATE:-100}
OUTAGE_SHORT=${REL_OUTAGE_SHORT:-35}; OUTAGE_LONG=${REL_OUTAGE_LONG:-300}; OUTAGE_RATE=${REL_OUTAGE_RATE:-20}
DRAIN=${REL_DRAIN:-180}
POISON_COUNT=${REL_POISON_COUNT:-3}; POISON_DRAIN=${REL_POISON_DRAIN:-120}
SLOW_CONNS=${REL_SLOW_CONNS:-1000}; SLOW_SECONDS=${REL_SLOW_SECONDS:-90}
DB=${REL_DB_PREFIX:-rw_rel}_$(date +%s)
OUT=bench/results; mkdir -p "$OUT"; STAMP=$(date +%Y%m%d-%H%M%S); REPORT="$OUT/reliability-$STAMP.txt"
PSQL="psql -h 127.0.0.1 -p 5432 -U postgres -X -q -At"
JAR=bootstrap/target/ruleworks.jar

declare -A PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP_DB:-}" ]; then echo "kept database $DB"; else $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; fi
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$REPORT"; }

# the jar must hold the code of the commit the report names: (re)build it when it is missing or
# older than the last commit that changed anything but bench/ and docs/
code_time=$(git log -1 --format=%ct -- . ':!bench' ':!docs' ':!README.md')
if [ ! -f "$JAR" ] || [ "$(stat -c %Y "$JAR")" -lt "$code_time" ] || ! git diff --quiet HEAD -- . ':!bench' ':!docs' ':!README.md'; then
  ./mvnw -q -B -ntp -DskipTests package
fi
[ -f bench/.classes/Submit.class ] && [ bench/.classes/Submit.class -nt bench/Submit.java ] || {
  mkdir -p bench/.classes
  javac -d bench/.classes bench/Submit.java bench/ReliabilitySink.java bench/TcpProxy.java bench/SlowClients.java
}
J="java -cp bench/.classes"

start_proxy() {
  $J TcpProxy "$PROXY_PORT" 5432 >> "$OUT/reliability-$STAMP-proxy.log" 2>&1 & PIDS[proxy]=$!
  rw_wait_port 127.0.0.1 "$PROXY_PORT" 30 proxy
}
stop_proxy() { kill -9 "${PIDS[proxy]}" 2>/dev/null || true; wait "${PIDS[proxy]}" 2>/dev/null || true; unset 'PIDS[proxy]'; }

export DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$PROXY_PORT/$DB"
export RULEWORKS_ACCESS_LOG_LEVEL=WARN RULEWORKS_EVENT_LOG_LEVEL=WARN RULEWORKS_BOOTSTRAP_ADMIN_KEY=false
export RULEWORKS_OUTBOUND_ALLOW=127.0.0.1/32 RULEWORKS_WEBHOOKS_SIGNING_SECRET=reliability-signing-secret
start_instance() { # name port
  MICRONAUT_SERVER_PORT=$2 java ${REL_JAVA_OPTS:--Xmx512m} -jar "$JAR" >> "$OUT/reliability-$STAMP-$1.log" 2>&1 &
  PIDS[$1]=$!
  rw_wait_port 127.0.0.1 "$2" 120 "instance $1"
  until curl -sf "http://127.0.0.1:$2/health" >/dev/null; do sleep 0.5; done
}

{ echo "Ruleworks reliability suite $(date -u +%FT%TZ)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench/results' || echo ' (+ uncommitted changes)'); jar built $(date -u -r "$JAR" +%FT%TZ)"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(java -version 2>&1 | head -1)"
  echo "mode: ${QUICK:+quick }phases $PHASES; kill: $KILL_COUNT at $KILL_RATE/s; outages ${OUTAGE_SHORT}s and ${OUTAGE_LONG}s at $OUTAGE_RATE/s;" \
       "drain up to ${DRAIN}s; poison: $POISON_COUNT, drain ${POISON_DRAIN}s; slow: $SLOW_CONNS for ${SLOW_SECONDS}s"; } | tee "$REPORT"

$J ReliabilitySink "$SINK_PORT" > "$OUT/reliability-$STAMP-sink.log" 2>&1 & PIDS[sink]=$!
rw_wait_port 127.0.0.1 "$SINK_PORT" 30 sink
start_proxy
start_instance a "$PORT_A"
start_instance b "$PORT_B"
A="http://127.0.0.1:$PORT_A"; B="http://127.0.0.1:$PORT_B"
KEY=$(java -jar "$JAR" create-api-key --permissions automation:read,automation:create,automation:execute --json \
      | sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p')
[ -n "$KEY" ] || { echo "no API key" >&2; exit 1; }

rule() { # phase path [execution_timeout_minutes]
  curl -sf -X POST "$A/api/v1/automation/rules" -H "x-api-key: $KEY" -H 'content-type: application/json' \
    -d "{\"name\":\"reliability $1\",\"status\":\"active\",\"trigger_type\":\"manual\",\"trigger_config\":{},
         \"max_concurrent_executions\":1000,\"execution_timeout_minutes\":${3:-60},
         \"actions\":[{\"type\":\"webhook_call\",\"order\":1,\"config\":{\"url\":\"http://127.0.0.1:$SINK_PORT/$2/$1\",
           \"body\":{\"n\":\"{{trigger.n}}\"}}}]}" | sed -n 's/.*"rule_id":"\([^"]*\)".*/\1/p'
}

# counts of a rule's executions by outcome (psql reaches PostgreSQL directly, never through the proxy)
counts() { # rule
  $PSQL -d "$DB" -F ' ' -c "
    SELECT 'executions=' || count(*),
           'completed=' || count(*) FILTER (WHERE status = 'completed'),
           'failed=' || count(*) FILTER (WHERE status IN ('failed', 'timeout', 'cancelled')),
           'skipped=' || count(*) FILTER (WHERE status = 'skipped'),
           'stuck=' || count(*) FILTER (WHERE status IN ('pending', 'running'))
      FROM automation_executions WHERE automation_rule_id = '$1'"
}
unfinished() { $PSQL -d "$DB" -c "SELECT count(*) FROM automation_executions WHERE automation_rule_id = '$1' AND status IN ('pending','running')"; }
drain() { # rule seconds: waits until the rule has no pending or running execution, or the time is up
  local until=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$until" ]; do
    [ "$(unfinished "$1")" = 0 ] && break
    sleep 2
  done
}
report() { # phase rule submit-line started
  local took=$(( $(date +%s) - $4 ))
  say "  submit: $3"
  say "  outcome: $(counts "$2") (after ${took}s)"
  say "  sink: $(curl -s "http://127.0.0.1:$SINK_PORT/stats/$1")"
  say "  codes: $($PSQL -d "$DB" -c "SELECT coalesce(string_agg(c, ', '), 'none') FROM (SELECT status || ':' ||
        coalesce(substring(error_message for 80), '-') || ' x' || count(*) AS c FROM automation_executions
        WHERE automation_rule_id = '$2' AND status <> 'completed' GROUP BY status, substring(error_message for 80)) s")"
}
wants() { [[ ",$PHASES," == *",$1,"* ]]; }

if wants 1; then
  say "== phase 1: kill -9 of instance b while $KILL_COUNT executions are submitted at $KILL_RATE/s to both"
  R=$(rule kill9 hook); T0=$(date +%s)
  $J Submit "$A,$B" "$KEY" "$R" "$KILL_COUNT" "$KILL_RATE" kill9 30 > "$OUT/submit.txt" & SUBMIT=$!
  # kill when a third of the executions are in: b then holds leases on running executions
  until [ "$($PSQL -d "$DB" -c "SELECT count(*) FROM automation_executions WHERE automation_rule_id = '$R'")" -ge $(( KILL_COUNT / 3 )) ] \
        || ! kill -0 "$SUBMIT" 2>/dev/null; do sleep 0.2; done
  running_b=$($PSQL -d "$DB" -c "SELECT count(*) FROM automation_executions WHERE automation_rule_id = '$R' AND status IN ('pending', 'running')")
  kill -9 "${PIDS[b]}"; wait "${PIDS[b]}" 2>/dev/null || true; unset 'PIDS[b]'
  say "  killed instance b after $(( $(date +%s) - T0 ))s, with $running_b executions of the phase pending or running"
  wait "$SUBMIT"
  drain "$R" "$DRAIN"
  report kill9 "$R" "$(cat "$OUT/submit.txt")" "$T0"
  start_instance b "$PORT_B"
fi

outage() { # number name seconds
  local number=$1 name=$2 secs=$3 before=10 after=20 R T0 n SUBMIT health
  R=$(rule "$name" hook); T0=$(date +%s)
  n=$(( (before + secs + after) * OUTAGE_RATE ))
  say "== phase $number: database unreachable for ${secs}s (proxy killed) while $n executions are submitted at $OUTAGE_RATE/s to both"
  $J Submit "$A,$B" "$KEY" "$R" "$n" "$OUTAGE_RATE" "$name" 30 > "$OUT/submit.txt" & SUBMIT=$!
  sleep "$before"
  stop_proxy
  sleep 5
  health=$(curl -s -o /dev/null -w '%{http_code} in %{time_total}s' --max-time 60 "$A/health" || true)
  say "  during the outage: GET /health answered $health"
  sleep $(( secs - 5 ))
  start_proxy
  say "  proxy back after ${secs}s"
  wait "$SUBMIT"
  drain "$R" "$DRAIN"
  report "$name" "$R" "$(cat "$OUT/submit.txt")" "$T0"
}
wants 2 && outage 2 outage-short "$OUTAGE_SHORT"
wants 3 && outage 3 outage-long "$OUTAGE_LONG"

if wants 4; then
  say "== phase 4: poison response {\"a\":\"\\u0000\"} for $POISON_COUNT executions (execution_timeout_minutes 1), drain ${POISON_DRAIN}s"
  R=$(rule poison poison 1); T0=$(date +%s)
  $J Submit "$A,$B" "$KEY" "$R" "$POISON_COUNT" 10 poison 30 > "$OUT/submit.txt"
  drain "$R" "$POISON_DRAIN"
  report poison "$R" "$(cat "$OUT/submit.txt")" "$T0"
fi

if wants 5; then
  say "== phase 5: $SLOW_CONNS slow connections to instance a for ${SLOW_SECONDS}s (half header lines, half body bytes, every 5 s); GET /api/v1/automation/rules?limit=1 timed at 5/s"
  $J SlowClients "$PORT_A" $(( SLOW_CONNS / 2 )) $(( SLOW_CONNS - SLOW_CONNS / 2 )) "$SLOW_SECONDS" 5 "$KEY" \
    "/api/v1/automation/rules?limit=1" 5 | sed 's/^/  /' | tee -a "$REPORT"
  say "  baseline without slow clients: $(for i in $(seq 1 20); do curl -s -o /dev/null -w '%{time_total}\n' -H "x-api-key: $KEY" "$A/api/v1/automation/rules?limit=1"; done \
        | sort -n | awk '{a[NR]=$1} END {printf "p50=%.1f ms max=%.1f ms (20 requests)", a[int(NR/2)]*1000, a[NR]*1000}')"
fi
say "report: $REPORT"
