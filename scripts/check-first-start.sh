#!/usr/bin/env bash
# Runs the README's start command (given as $1, e.g. "./ruleworks start") as a new user would, with no
# database configured, on a free port and a throw-away embedded data directory; passes when /health
# answers UP and, after SIGTERM, the service and its embedded PostgreSQL are gone. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
start_command="${1:?usage: scripts/check-first-start.sh '<start command>'}"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d /tmp/ruleworks-first-start.XXXXXX)
chmod 755 "$dir" # as root the embedded server runs as an unprivileged user, which must reach it
log="$dir/service.log"
export MICRONAUT_SERVER_PORT="$port" RULEWORKS_DATABASE_EMBEDDED_DIR="$dir/embedded"
unset DATASOURCES_DEFAULT_URL
started=$(date +%s%N)
setsid bash -c "exec $start_command" >"$log" 2>&1 &
pid=$!
cleanup() {
  kill -TERM "$pid" 2>/dev/null || true
}
trap cleanup EXIT
status=""
for _ in $(seq 1 600); do
  status=$(curl -s -m 2 "http://127.0.0.1:$port/health" || true)
  case "$status" in *'"UP"'*) break ;; esac
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "check-first-start: the service exited" >&2; exit 1; }
  sleep 0.5
done
case "$status" in *'"UP"'*) ;; *) cat "$log" >&2; echo "check-first-start: no UP from /health" >&2; exit 1 ;; esac
echo "check-first-start: /health UP after $(( ($(date +%s%N) - started) / 1000000 )) ms (build included): $status"
grep -q 'embedded PostgreSQL' "$log" || { cat "$log" >&2; echo "check-first-start: the embedded database was not used" >&2; exit 1; }
kill -TERM "$pid"
# the first stop of `./ruleworks start` on JDK 25 also writes the AOT cache (a child JVM assembles it):
# seconds on a quiet machine, more than a minute on a saturated one
for _ in $(seq 1 360); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then echo "check-first-start: the service did not stop on SIGTERM" >&2; exit 1; fi
if [ -f "$RULEWORKS_DATABASE_EMBEDDED_DIR/pgdata/postmaster.pid" ]; then
  echo "check-first-start: the embedded PostgreSQL still runs after the service stopped" >&2
  exit 1
fi
trap - EXIT
rm -rf "$dir"
echo "check-first-start: stopped cleanly"
