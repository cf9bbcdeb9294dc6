-- The one wrk script of bench/run. BENCH_MODE picks the request:
--   get                GET the URL as given (GET /, and GET /profile with BENCH_SESSION as cookie)
--   login              POST a form with BENCH_EMAIL and BENCH_PASSWORD (to /sessions)
--   unknown            POST a form with a fresh, never-registered email per request (to /sessions)
--   register           POST a form with a fresh email per request (to /users)
--   code               the OpenID Connect code flow on the base URL, with BENCH_SESSION as the
--                      person's cookie: GET /oauth/authorize (PKCE S256), then the code it gave to
--                      POST /oauth/token (client_secret_post), again and again
--   refresh            the same flow once per connection, then POST /oauth/token with the refresh
--                      token each answer rotated to, again and again
--   mixed              the soak's traffic, cycling through ten requests: a registration (fresh
--                      email), a login as BENCH_EMAIL (its session kept), six GET /profile with the
--                      newest session kept (BENCH_SESSION before any), a logout of the oldest session
--                      kept (DELETE /sessions), a reset request for BENCH_EMAIL (POST
--                      /reset_password)
--   The client: BENCH_CLIENT_ID, BENCH_CLIENT_SECRET, BENCH_REDIRECT_URI, BENCH_VERIFIER and
--   BENCH_CHALLENGE (its S256 challenge). BENCH_BEARER adds "Authorization: Bearer" (UserInfo).
-- BENCH_TAG makes the fresh emails of one run differ from every other run's.
-- done() prints one JSON line: requests, rate, latency percentiles in ms, non-2xx count, errors;
-- for code and refresh, also the token endpoint's answers with tokens ("tokens", "token_rate"), the
-- code exchanges among them ("exchanges") and the answers that were neither a code nor tokens.

local mode = os.getenv("BENCH_MODE") or "get"
local tag = os.getenv("BENCH_TAG") or tostring(os.time())
local session = os.getenv("BENCH_SESSION")
local password = os.getenv("BENCH_PASSWORD") or "bench-password-1"
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local bearer = os.getenv("BENCH_BEARER")
local threads = 0
local sent = 0
local all_threads = {}
-- Per thread (each wrk thread has its own Lua state), read by done() through thread:get.
tokens, exchanges, failures = 0, 0, 0

local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
  table.insert(all_threads, thread)
end

function init(args)
  if session then
    wrk.headers["Cookie"] = "session_id=" .. session
  end
  if bearer then
    wrk.headers["Authorization"] = "Bearer " .. bearer
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

if mode == "mixed" then
  local email = "email=" .. escape(os.getenv("BENCH_EMAIL") or "")
  local sessions = {}
  local step = 0
  local function with_session(id)
    return { ["Cookie"] = "session_id=" .. id }
  end

  request = function()
    step = step + 1
    local k = step % 10
    if k == 0 then
      sent = sent + 1
      local fresh = "soak-" .. tag .. "-" .. thread_id .. "-" .. sent .. "@bench.example"
      return wrk.format("POST", "/users", form,
        "email=" .. escape(fresh) .. "&password=" .. escape(password))
    elseif k == 1 then
      return wrk.format("POST", "/sessions", form, email .. "&password=" .. escape(password))
    elseif k == 8 and #sessions > 1 then
      return wrk.format("DELETE", "/sessions", with_session(table.remove(sessions, 1)))
    elseif k == 9 then
      return wrk.format("POST", "/reset_password", form, email)
    end
    return wrk.format("GET", "/profile", with_session(sessions[#sessions] or session or ""))
  end

  response = function(status, headers, body)
    local cookie = headers["Set-Cookie"] or headers["set-cookie"]
    local id = cookie and cookie:match("session_id=([^;]+)")
    if status == 200 and id then
      table.insert(sessions, id)
    end
  end
end

if mode == "code" or mode == "refresh" then
  local redirect = os.getenv("BENCH_REDIRECT_URI")
  local client = "&client_id=" .. escape(os.getenv("BENCH_CLIENT_ID"))
  local authorize = "/oauth/authorize?response_type=code&scope=openid%20email&state=bench"
    .. "&nonce=bench" .. client .. "&redirect_uri=" .. escape(redirect)
    .. "&code_challenge_method=S256&code_challenge=" .. escape(os.getenv("BENCH_CHALLENGE"))
  local auth = client .. "&client_secret=" .. escape(os.getenv("BENCH_CLIENT_SECRET"))
  local exchange = "&grant_type=authorization_code&redirect_uri=" .. escape(redirect)
    .. "&code_verifier=" .. escape(os.getenv("BENCH_VERIFIER")) .. auth
  local codes, refresh_tokens = {}, {}

  request = function()
    local refresh_token = table.remove(refresh_tokens)
    if refresh_token then
      return wrk.format("POST", "/oauth/token", form,
        "grant_type=refresh_token&refresh_token=" .. escape(refresh_token) .. auth)
    end
    local code = table.remove(codes)
    if code then
      exchanges = exchanges + 1
      return wrk.format("POST", "/oauth/token", form, "code=" .. code .. exchange)
    end
    return wrk.format("GET", authorize)
  end

  response = function(status, headers, body)
    if status == 302 then
      local code = (headers["Location"] or headers["location"] or ""):match("[?&]code=([^&]+)")
      if code then
        table.insert(codes, code)
        return
      end
    elseif status == 200 then
      tokens = tokens + 1
      if mode == "refresh" then
        table.insert(refresh_tokens, body:match('"refresh_token"%s*:%s*"([^"]+)"'))
      end
      return
    end
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local extra = ""
  if mode == "code" or mode == "refresh" then
    local t, x, f = 0, 0, 0
    for _, thread in ipairs(all_threads) do
      t, x, f = t + thread:get("tokens"), x + thread:get("exchanges"), f + thread:get("failures")
    end
    extra = string.format(', "tokens": %d, "token_rate": %.3f, "exchanges": %d, "failures": %d',
      t, t / seconds, x, f)
  end
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rate": %.3f, "p50_ms": %.3f, "p99_ms": %.3f,'
      .. ' "max_ms": %.3f, "non2xx": %d, "socket_errors": %d%s}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, extra))
end
