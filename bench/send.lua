-- wrk script of bench/run-inbound-wrk --target send: POST <project>/sms/send as the bench's operator, to 10,000
-- distinct numbers in turn (the project's number is the sender). Prints one machine-readable line at the end:
--   wrk-result <requests> <req/s> <p50 ms> <p99 ms> <non-2xx/3xx> <socket errors>
local counter = 0
local headers = { ["Content-Type"] = "application/json",
                  ["Authorization"] = "Bearer " .. os.getenv("CANTILA_BENCH_KEY") }

request = function()
  counter = counter + 1
  local body = string.format('{"to":"+1415556%04d","body":"Your code is %d"}', counter % 10000, counter)
  return wrk.format("POST", os.getenv("CANTILA_BENCH_PATH"), headers, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("wrk-result %d %.1f %.2f %.2f %d %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
