-- wrk script: POST /rules/{id}/execute round-robin over the rule ids in bench/results/rules.txt.
-- Usage: wrk -t1 -c32 -d15s -s bench/execute.lua http://127.0.0.1:18080  (env RW_KEY = API key)
local rules = {}
for line in io.lines(os.getenv("RW_RULES") or "bench/results/rules.txt") do
  if #line > 0 then rules[#rules + 1] = line end
end
local key = os.getenv("RW_KEY")
-- RW_DRY_RUN=1: dry runs (evaluated, rendered and stored finished by the request; no worker, no webhook)
local dry = os.getenv("RW_DRY_RUN") == "1" and ',"dry_run":true' or ''
local n = 0

-- Paced mode (RW_RATE requests/s over RW_CONNECTIONS connections): each connection waits
-- connections/rate seconds after each answer, so the offered rate is RW_RATE as long as answers take
-- much less than that wait (the report prints the rate actually offered).
local rate = tonumber(os.getenv("RW_RATE") or "")
local connections = tonumber(os.getenv("RW_CONNECTIONS") or "1")
if rate then
  delay = function()
    return math.floor(1000 * connections / rate)
  end
end

request = function()
  n = n + 1
  local rule = rules[(n % #rules) + 1]
  local body = '{"automation_rule_id":"' .. rule .. '","execution_data":{"n":' .. n .. '}' .. dry .. '}'
  return wrk.format("POST", "/api/v1/automation/rules/" .. rule .. "/execute",
    { ["x-api-key"] = key, ["content-type"] = "application/json" }, body)
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("wrk: requests=%d in %.2fs (%.0f/s) http_latency_ms p50=%.2f p99=%.2f errors(connect/read/write/status/timeout)=%d/%d/%d/%d/%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
