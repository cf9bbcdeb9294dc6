-- The one wrk script of bench/run. BENCH_MODE picks the request:
--   get                GET the URL as given (GET /, and GET /profile with BENCH_SESSION as cookie)
--   login              POST a form with BENCH_EMAIL and BENCH_PASSWORD (to /sessions)
--   unknown            POST a form with a fresh, never-registered email per request (to /sessions)
--   register           POST a form with a fresh email per request (to /users)
-- BENCH_TAG makes the fresh emails of one run differ from every other run's.
-- done() prints one JSON line: requests, rate, latency percentiles in ms, non-2xx count, errors.

local mode = os.getenv("BENCH_MODE") or "get"
local tag = os.getenv("BENCH_TAG") or tostring(os.time())
local session = os.getenv("BENCH_SESSION")
local password = os.getenv("BENCH_PASSWORD") or "bench-password-1"
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local threads = 0
local sent = 0

local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

function init(args)
  if session then
    wrk.headers["Cookie"] = "session_id=" .. session
  end
  if mode == "login" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = form["Content-Type"]
    wrk.body = "email=" .. escape(os.getenv("BENCH_EMAIL")) .. "&password=" .. escape(password)
  end
end

if mode == "unknown" or mode == "register" then
  request = function()
    sent = sent + 1
    local email = "fresh-" .. tag .. "-" .. thread_id .. "-" .. sent .. "@bench.example"
    return wrk.format("POST", nil, form,
      "email=" .. escape(email) .. "&password=" .. escape(password))
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rate": %.3f, "p50_ms": %.3f, "p99_ms": %.3f,'
      .. ' "max_ms": %.3f, "non2xx": %d, "socket_errors": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
