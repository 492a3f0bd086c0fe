-- wrk script of bench/run-inbound-wrk: POST /v1/sim/inbound-sms ("hours") as the bench's operator, to the number the
-- engine process printed. Prints one machine-readable line at the end:
--   wrk-result <requests> <req/s> <p50 ms> <p99 ms> <non-2xx/3xx> <socket errors>
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("CANTILA_BENCH_KEY")
wrk.body = '{"from":"+14155550123","to":"' .. os.getenv("CANTILA_BENCH_NUMBER") .. '","body":"hours"}'

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("wrk-result %d %.1f %.2f %.2f %d %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
