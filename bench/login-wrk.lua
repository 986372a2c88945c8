-- wrk script for bench/login.ts: POST /auth/steam, each request with a fresh pre-seeded stub ticket
-- hex("stub:<steamid>:<run>-<thread>-<n>") for one of BENCH_PLAYERS returning players (SteamIDs
-- 76561198000000001…, as bench/login.ts registers them). Prints one JSON line when done.
local players = tonumber(os.getenv("BENCH_PLAYERS") or "2000")
local run = os.getenv("BENCH_RUN_ID") or "0"
local thread_count = 0

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", string.byte(c)) end))
end

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

function init(args)
  counter = 0
  wrk.method = "POST"
  wrk.headers["content-type"] = "application/json"
end

function request()
  counter = counter + 1
  -- LuaJIT numbers are doubles: a SteamID64 does not fit, so it is built as text.
  local steam_id = string.format("76561198%09d", (counter * 7 + thread_id) % players + 1)
  local ticket = hex(string.format("stub:%s:%s-%d-%d", steam_id, run, thread_id, counter))
  return wrk.format(nil, "/auth/steam", nil, '{"ticket":"' .. ticket .. '"}')
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"total":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"non2xx":%d,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
