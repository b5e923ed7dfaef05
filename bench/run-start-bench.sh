#!/usr/bin/env bash
# Start-up benchmark (issue 15): time from launching the jar to the first 200 from /health, on a
# database migrated by a first start (the restart case), RUNS times, and the idle RSS after each
# start. With BENCH_EMBEDDED=1 the service runs its embedded PostgreSQL (a fresh directory; the
# first start unpacks and creates the cluster, the restarts find it) instead of the local server.
#
#   bench/run-start-bench.sh [RUNS=5]
#
# With BENCH_AOT=1 the first start records a JDK 25 AOT cache (-XX:AOTCacheOutput, written when it
# stops) and the restarts use it (-XX:AOTCache), as ./ruleworks start does. Each line also prints the
# service's CPU time until /health answered (user + system, far less sensitive to other load than the
# wall-clock time) and whether Flyway ran or was skipped by the migration fingerprint (ADR 0020).
#
# env: BENCH_PORT (18095), BENCH_JAVA_OPTS (JVM options of every start), BENCH_EMBEDDED=1, BENCH_AOT=1
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
rw_pick_jdk
RUNS=${1:-5}
PORT=${BENCH_PORT:-18095}
JAR=${BENCH_JAR:-bootstrap/target/ruleworks.jar}
[ -f "$JAR" ] || ./mvnw -q -B -ntp -DskipTests package
PSQL="psql -h 127.0.0.1 -U postgres -X -q -At"
export MICRONAUT_SERVER_PORT=$PORT RULEWORKS_BOOTSTRAP_ADMIN_KEY=false
if [ -n "${BENCH_EMBEDDED:-}" ]; then
  dir=$(mktemp -d /tmp/ruleworks-start-bench.XXXXXX); chmod 755 "$dir"
  export RULEWORKS_DATABASE_EMBEDDED_DIR="$dir/embedded"; unset DATASOURCES_DEFAULT_URL
  DB=""
else
  rw_ensure_postgres
  DB=rw_start_bench_$(date +%s)
  export DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
fi
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
            [ -n "$DB" ] && $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
            [ -n "${dir:-}" ] && rm -rf "$dir" || true; [ -n "$AOT_FILE" ] && rm -f "$AOT_FILE" || true; }
trap cleanup EXIT

AOT_FILE=""
[ -n "${BENCH_AOT:-}" ] && AOT_FILE=$(mktemp -u /tmp/ruleworks-start-bench.XXXXXX).aot
start_once() { # label [extra JVM options]
  local t0 t1 t2 rss cpu flyway
  t0=$(date +%s%N)
  java $(rw_memory_options) ${BENCH_JAVA_OPTS:-} ${2:-} -jar "$JAR" > /tmp/ruleworks-start-bench.log 2>&1 & pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
    kill -0 "$pid" 2>/dev/null || { cat /tmp/ruleworks-start-bench.log >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat")
  sleep 5
  rss=$(ps -o rss= -p "$pid" | awk '{printf "%.0f", $1/1024}')
  flyway=ran; grep -q 'Flyway not run' /tmp/ruleworks-start-bench.log && flyway=skipped
  echo "$1: health_ms=$(( (t1 - t0) / 1000000 )) cpu_ms_to_health=$cpu micronaut_startup=$(grep -o 'Startup completed in [0-9]*ms' /tmp/ruleworks-start-bench.log | grep -o '[0-9]*ms') flyway=$flyway idle_rss_mb=$rss load=$(cut -d' ' -f1 /proc/loadavg)"
  phases "$t0"
  t2=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  [ -n "${2:-}" ] && echo "  stopped in $(( ($(date +%s%N) - t2) / 1000000 )) ms${AOT_FILE:+, AOT cache $(du -m "$AOT_FILE" 2>/dev/null | cut -f1) MB}"
  return 0
}
# where the time went, from the service's own log lines (ms after launch): the application context
# starts, Flyway starts and ends (the next line), the queue dispatcher starts (the last @Context
# bean), startup completed
phases() { # launch-ns
  python3 - "$1" /tmp/ruleworks-start-bench.log <<'PY'
import re, sys, datetime
launch = int(sys.argv[1]) / 1e6
marks, lines = {}, open(sys.argv[2], errors="replace").read().splitlines()
def ms(line):
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)(Z|[+-]\d\d:\d\d)", line)
    if not m: return None
    t = datetime.datetime.fromisoformat(m.group(1) + ("+00:00" if m.group(2) == "Z" else m.group(2)))
    return t.timestamp() * 1000 - launch
for i, line in enumerate(lines):
    if "Established active environments" in line: marks["context"] = ms(line)
    if "Flyway not run" in line: marks["fingerprint_checked"] = ms(line)
    if "Running migrations" in line or "Validating migrations" in line or "Migrating schema" in line:
        marks.setdefault("flyway_start", ms(line))
        nxt = next((l for l in lines[i + 1:] if ms(l) is not None and "flyway" not in l.lower()), None)
        if nxt: marks["flyway_end"] = ms(nxt)
    if "Queue dispatcher" in line and "started" in line: marks["dispatcher"] = ms(line)
    if "Startup completed" in line: marks["completed"] = ms(line)
print("  phases_ms: " + " ".join(f"{k}={v:.0f}" for k, v in marks.items() if v is not None))
PY
}
echo "Ruleworks start benchmark $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1), opts: ${BENCH_JAVA_OPTS:-none}, embedded: ${BENCH_EMBEDDED:-no}, aot: ${BENCH_AOT:-no}"
start_once "first start (migrates)" "${AOT_FILE:+-XX:AOTCacheOutput=$AOT_FILE}"
for i in $(seq 1 "$RUNS"); do start_once "restart $i" "${AOT_FILE:+-XX:AOTCache=$AOT_FILE}"; done
