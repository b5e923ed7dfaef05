# Sourced by the read bench (and bench/test-hey-staggered.sh): a fixed-rate hey load spread evenly in time.
#
# hey -c W -q R gives each of its W workers a ticker of its own and starts them together: the tickers
# stay in phase, so W x R requests a second arrive as a burst of W every 1/R s. hey_staggered splits the
# W workers over P hey processes launched 1/(R x P) s apart, each forked first and started at its slot
# by the clock (so that the time one launch takes does not push the next): bursts of W/P, P times as
# often, the same rate. The
# per-request times of all processes (-o csv) are merged into one summary in hey's own terms.
hey_staggered() { # url rate workers seconds procs [hey options...]: prints the summary line, the launch offsets, the number of answers
  local url=$1 rate=$2 workers=$3 secs=$4 procs=$5; shift 5
  local per_worker=$(( rate / workers )) dir i; local per_proc=$(( workers / procs ))
  local offset_us=$(( 1000000 / per_worker / procs )) t0 pids=() launched=""
  dir=$(mktemp -d)
  # every process is forked first and sleeps until its own slot, 300 ms ahead (a fork under load takes
  # milliseconds: launching one after the other bunched them); each then execs hey at its slot
  t0=$(( ${EPOCHREALTIME/./} + 300000 ))
  for (( i = 0; i < procs; i++ )); do
    ( target=$(( t0 + i * offset_us )); now=${EPOCHREALTIME/./}
      if (( target > now )); then printf -v pause '%d.%06d' $(( (target - now) / 1000000 )) $(( (target - now) % 1000000 )); sleep "$pause"; fi
      now=${EPOCHREALTIME/./}; echo $(( now - t0 )) > "$dir/$i.at"
      exec hey -z "${secs}s" -c "$per_proc" -q "$per_worker" -o csv "$@" "$url" > "$dir/$i.csv" ) & pids+=($!)
  done
  wait "${pids[@]}"
  # response-time (s) is the first column; newer hey versions also write a status-code column
  awk -F, 'FNR == 1 { sc = 0; for (i = 1; i <= NF; i++) if ($i == "status-code") sc = i; next }
           $1 ~ /^[0-9.]+$/ { print $1; if (sc) codes[$sc]++ }
           END { for (c in codes) printf " [%s] %d", c, codes[c] > "/dev/stderr" }' "$dir"/*.csv 2> "$dir/codes" | sort -g > "$dir/all"
  awk -v secs="$secs" -v procs="$procs" -v codes="$(cat "$dir/codes")" '{ v[NR] = $1; s += $1 }
       END { n = NR; if (!n) { print "req_per_s=0 (no answers)"; print 0; exit }
             # the percentile as hey prints it: the first value at or past p % of the sorted list
             p50 = v[int(n * 0.50) + 1]; p90 = v[int(n * 0.90) + 1]; p99 = v[int(n * 0.99) + 1]
             printf "req_per_s=%.0f avg_ms=%.2f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f statuses:%s (%d hey processes, staggered)\n", n / secs, s / n * 1000, p50 * 1000, p90 * 1000, p99 * 1000, (codes == "" ? " (not in this hey version csv)" : codes), procs
             print n }' "$dir/all" > "$dir/summary"
  head -n 1 "$dir/summary"
  for (( i = 0; i < procs; i++ )); do read -r at < "$dir/$i.at"; launched+=" $(( at / 1000 )).$(( at % 1000 / 100 ))"; done
  echo "hey processes launched at (ms after the first slot; the slots are $(( offset_us / 1000 )).$(( offset_us % 1000 / 100 )) ms apart):$launched"
  tail -n 1 "$dir/summary"
  rm -rf "$dir"
}
