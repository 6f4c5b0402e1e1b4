-- wrk: one reservation per request, each from a new user of this run (per-user limits and rate limits stay out of the way)
local thread_id = 0
function setup(thread)
  thread_id = thread_id + 1
  thread:set("prefix", "w" .. os.time() .. "-" .. thread_id .. "-")
end
local counter = 0
function request()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/reservations",
    {["Content-Type"] = "application/json", ["X-User-Id"] = prefix .. counter},
    '{"sku":"BENCH-WRITE","quantity":1}')
end
