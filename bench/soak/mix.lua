-- wrk script for bench/soak/run: a mix of tour routes on keep-alive connections, and a count of
-- answers per status class written once a second per thread (wrk itself only reports at the end).
-- SOAK_OUT (environment) is the file the counts are appended to: "epoch,thread,ok,bad".

local routes = {
  {"GET", "/check"},
  {"GET", "/check"},
  {"GET", "/static/tour.css"},
  {"GET", "/users/1"},
  {"GET", "/user/1"},
  {"GET", "/users"},
  {"GET", "/"},
  {"POST", "/echo", '{"hello": "duet"}'},
  {"GET", "/work/2"},
  {"GET", "/slow-async?ms=20"},
}

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  for i, r in ipairs(routes) do
    local headers = {}
    if r[3] then headers["Content-Type"] = "application/json" end
    headers["Accept"] = "application/json"
    requests[i] = wrk.format(r[1], r[2], headers, r[3])
  end
  n = 0
  ok, bad = 0, 0
  second = os.time()
  out = io.open(os.getenv("SOAK_OUT"), "a")
end

function request()
  n = n + 1
  return requests[(n % #requests) + 1]
end

function response(status, headers, body)
  if status >= 200 and status < 400 then ok = ok + 1 else bad = bad + 1 end
  local now = os.time()
  if now ~= second then
    out:write(string.format("%d,%d,%d,%d\n", second, id, ok, bad))
    out:flush()
    ok, bad = 0, 0
    second = now
  end
end
