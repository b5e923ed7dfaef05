#!/usr/bin/env bash
# Checks that the read bench's load is a rate, not bursts (bench/hey-staggered.sh): hey_staggered at
# 1,000/s with 50 workers in 10 processes against a loopback server that records each request's arrival
# (bench/arrivals.py), and, as the control that shows the check can fail, one aligned hey process.
# The largest number of arrivals in any 5 ms must be at most 25 staggered (slots of 5 requests every
# 5 ms; two launches landing close together double a slot) and at least 35 aligned (bursts of 50 every
# 50 ms). Loopback only; needs hey and python3. Exit status 0 when both hold.
#
#   bench/test-hey-staggered.sh [SECONDS=4]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
. bench/hey-staggered.sh
rw_ensure_package hey
SECS=${1:-4}; PORT=${BENCH_TEST_PORT:-18099}
dir=$(mktemp -d); server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT

largest_burst() { # pattern procs: runs the load, prints the most arrivals within 5 ms (after the first second)
  python3 bench/arrivals.py "$PORT" "$dir/$1" & server=$!
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
  if [ "$2" -gt 1 ]; then
    hey_staggered "http://127.0.0.1:$PORT/" 1000 50 "$SECS" "$2" > "$dir/$1.summary"
  else
    hey -z "${SECS}s" -c 50 -q 20 "http://127.0.0.1:$PORT/" > "$dir/$1.summary"
  fi
  kill "$server"; wait "$server" || true; server=""
  sort -g "$dir/$1" | awk '{ t[NR] = $1 } END {
      j = 1; best = 0
      for (i = 1; i <= NR; i++) { if (t[i] - t[1] < 1) continue
        while (t[i] - t[j] > 0.005) j++
        if (i - j + 1 > best) best = i - j + 1 }
      print best, NR }'
}

read -r staggered s_n < <(largest_burst staggered 10)
read -r aligned a_n < <(largest_burst aligned 1)
echo "largest number of arrivals within 5 ms: staggered (10 hey processes) $staggered of $s_n requests; aligned (1 hey process) $aligned of $a_n"
grep -h "launched" "$dir/staggered.summary" || true
fail=0
[ "$staggered" -le 25 ] || { echo "FAIL: the staggered load still arrives in bursts of $staggered" >&2; fail=1; }
[ "$aligned" -ge 35 ] || { echo "FAIL: the aligned control shows no bursts ($aligned): this check could not tell" >&2; fail=1; }
[ "$s_n" -ge $(( SECS * 800 )) ] || { echo "FAIL: the staggered load sent $s_n requests in $SECS s, not ~1,000/s" >&2; fail=1; }
exit $fail
