#!/usr/bin/env bash
# The machine's floor for the read bench (issue 15): the same hey load as run-read-bench.sh's GET phase
# (RATE/s from 50 workers, SECONDS long), against nginx-light answering 404 with no access log on one
# worker (Debian's package, installed if missing): what any HTTP server gets from this machine and this
# load generator before doing any work of its own. Both load patterns: staggered (BENCH_HEY_PROCS=10
# hey processes, the read bench's default) and aligned (one hey process, bursts of 50). Loopback only.
#
#   bench/run-read-floor.sh [RATE=1000] [SECONDS=20]
#
# env: BENCH_FLOOR_PORT (18099)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
. bench/hey-staggered.sh
RATE=${1:-1000}; SECS=${2:-20}; PORT=${BENCH_FLOOR_PORT:-18099}
rw_ensure_package hey
PATH="$PATH:/usr/sbin"  # nginx lives there, off a minimal PATH
rw_ensure_package nginx nginx-light
dir=$(mktemp -d /tmp/ruleworks-read-floor.XXXXXX)
cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir;
  server { listen 127.0.0.1:$PORT; location / { return 404; } }
}
CONF
nginx -c "$dir/nginx.conf" & nginx_pid=$!
trap 'kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null; rm -rf "$dir"' EXIT
rw_wait_port 127.0.0.1 "$PORT" 10 nginx
echo "Read floor $(date -u +%FT%TZ): nginx-light 404, $RATE/s from 50 workers for ${SECS}s; $(nproc) cores"
hey -z 5s -c 50 -q $(( RATE / 50 )) "http://127.0.0.1:$PORT/x" > /dev/null
for procs in 10 1; do
  echo "== $([ "$procs" -gt 1 ] && echo "staggered ($procs hey processes)" || echo "aligned (1 hey process, bursts of 50)"); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  hey_staggered "http://127.0.0.1:$PORT/x" "$RATE" 50 "$SECS" "$procs" | sed -n 1,2p
done
