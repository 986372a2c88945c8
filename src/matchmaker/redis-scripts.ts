import { createHash } from "node:crypto";
import type Redis from "ioredis";

/** A Lua script run with EVALSHA, loaded with EVAL on the first NOSCRIPT. */
export class LuaScript {
  readonly sha: string;
  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith("NOSCRIPT"))
        return redis.eval(this.source, keys.length, ...keys, ...args);
      throw err;
    }
  }
}

// Key layout (see docs/matchmaking.md): KEYS[1] rating ZSET, KEYS[2] time ZSET, KEYS[3] lease ZSET.
// Ticket hashes and owner hashes are addressed by prefix + SteamID; every key shares the {mm} hash tag.

/**
 * KEYS: rating, time, lease, ticket, owner. ARGV: mode ("enqueue"|"requeue"|"restore"), ownerTtlMs, field, value, …
 * requeue: only while this ticket owns the slot; restore: also when the owner entry is gone (Redis lost it).
 */
export const ENQUEUE = new LuaScript(
  "enqueue",
  `
local mode = ARGV[1]
local f = {}
for i = 3, #ARGV, 2 do f[ARGV[i]] = ARGV[i + 1] end
local previous = {}
if mode == 'requeue' or mode == 'restore' then
  local owner = redis.call('HGET', KEYS[5], 'ticketId')
  local ownedElsewhere = (mode == 'requeue' and owner ~= f.ticketId) or (owner and owner ~= f.ticketId)
  if ownedElsewhere or redis.call('EXISTS', KEYS[4]) == 1 then
    return {0, redis.call('ZCARD', KEYS[1]), previous}
  end
else
  previous = redis.call('HGETALL', KEYS[5])
end
redis.call('DEL', KEYS[4])
redis.call('HSET', KEYS[4], unpack(ARGV, 3))
redis.call('ZADD', KEYS[1], f.rating, f.steamId)
redis.call('ZADD', KEYS[2], f.enqueuedAt, f.steamId)
redis.call('ZADD', KEYS[3], f.leaseUntil, f.steamId)
redis.call('DEL', KEYS[5])
redis.call('HSET', KEYS[5], 'ticketId', f.ticketId, 'processId', f.processId, 'roomId', f.roomId, 'sessionId', f.sessionId)
redis.call('PEXPIRE', KEYS[5], ARGV[2])
return {1, redis.call('ZCARD', KEYS[1]), previous}
`,
);

/** KEYS: rating, time, lease, ticket, owner. ARGV: steamId, ticketId, releaseOwner ("1"|"0"). */
export const REMOVE = new LuaScript(
  "remove",
  `
local removed = 0
if redis.call('HGET', KEYS[4], 'ticketId') == ARGV[2] then
  redis.call('DEL', KEYS[4])
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  removed = 1
end
if ARGV[3] == '1' and redis.call('HGET', KEYS[5], 'ticketId') == ARGV[2] then
  redis.call('DEL', KEYS[5])
end
return removed
`,
);

/** KEYS: lease. ARGV: leaseUntil, ownerTtlMs, ticketPrefix, ownerPrefix, steamId, ticketId, … Returns missing SteamIDs. */
export const REFRESH = new LuaScript(
  "refresh",
  `
local missing = {}
for i = 5, #ARGV, 2 do
  local s, id = ARGV[i], ARGV[i + 1]
  local tk = ARGV[3] .. s
  if redis.call('HGET', tk, 'ticketId') == id then
    redis.call('HSET', tk, 'leaseUntil', ARGV[1])
    redis.call('ZADD', KEYS[1], 'XX', ARGV[1], s)
  else
    missing[#missing + 1] = s
  end
  local ok = ARGV[4] .. s
  if redis.call('HGET', ok, 'ticketId') == id then redis.call('PEXPIRE', ok, ARGV[2]) end
end
return missing
`,
);

/** KEYS: rating, time, lease. ARGV: now, limit, ticketPrefix. Returns the dropped tickets (flat hashes). */
export const SWEEP = new LuaScript(
  "sweep",
  `
local ids = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, s in ipairs(ids) do
  local tk = ARGV[3] .. s
  local rec = redis.call('HGETALL', tk)
  redis.call('DEL', tk)
  redis.call('ZREM', KEYS[1], s)
  redis.call('ZREM', KEYS[2], s)
  redis.call('ZREM', KEYS[3], s)
  if #rec > 0 then out[#out + 1] = rec end
end
return out
`,
);

/**
 * KEYS: rating, time, lease. ARGV: now, baseWindow, growthPerSecond, maxWindow, maxPairs, maxAnchors,
 * candidatesPerSide, ticketPrefix. Mirrors MemoryTicketQueue.matchBatch and src/matchmaker/window.ts.
 * Returns { {ticketA flat}, {ticketB flat}, gap }, … ; both tickets are removed inside the script.
 */
export const MATCH = new LuaScript(
  "match",
  `
local now = tonumber(ARGV[1])
local base, growth, maxw = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local maxPairs, maxAnchors, k = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local tp = ARGV[8]
local function window(enq)
  local w = base + growth * (math.max(0, now - enq) / 1000)
  if w > maxw then w = maxw end
  return w
end
local function better(gap, cEnq, cId, bGap, bEnq, bId)
  if bId == nil then return true end
  if gap ~= bGap then return gap < bGap end
  if cEnq ~= bEnq then return cEnq < bEnq end
  return cId < bId
end
local function num(x) return string.format('%.17g', x) end
local anchors = redis.call('ZRANGE', KEYS[2], 0, maxAnchors - 1)
local out = {}
for _, a in ipairs(anchors) do
  if #out >= maxPairs then break end
  local ar = redis.call('HMGET', tp .. a, 'rating', 'enqueuedAt', 'leaseUntil', 'lastOpponent')
  local r, enq, lease = tonumber(ar[1]), tonumber(ar[2]), tonumber(ar[3])
  local alast = ar[4] or ''
  if r and enq and lease and lease >= now then
    local wa = window(enq)
    local bId, bGap, bEnq, fId, fGap, fEnq = nil, nil, nil, nil, nil, nil
    local function consider(c)
      if c == a then return end
      local cr = redis.call('HMGET', tp .. c, 'rating', 'enqueuedAt', 'leaseUntil', 'lastOpponent')
      local crating, cenq, clease = tonumber(cr[1]), tonumber(cr[2]), tonumber(cr[3])
      if not crating or not cenq or not clease or clease < now then return end
      local gap = math.abs(crating - r)
      if gap > wa or gap > window(cenq) then return end
      local clast = cr[4] or ''
      if (alast ~= '' and alast == c) or (clast ~= '' and clast == a) then
        if better(gap, cenq, c, fGap, fEnq, fId) then fId, fGap, fEnq = c, gap, cenq end
      elseif better(gap, cenq, c, bGap, bEnq, bId) then
        bId, bGap, bEnq = c, gap, cenq
      end
    end
    -- Each side comes nearest first: once a side's gap exceeds the best acceptable gap, nothing after it can win.
    local up = redis.call('ZRANGEBYSCORE', KEYS[1], num(r), num(r + wa), 'WITHSCORES', 'LIMIT', 0, k)
    for i = 1, #up, 2 do
      if bId ~= nil and math.abs(tonumber(up[i + 1]) - r) > bGap then break end
      consider(up[i])
    end
    local down = redis.call('ZREVRANGEBYSCORE', KEYS[1], num(r), num(r - wa), 'WITHSCORES', 'LIMIT', 0, k)
    for i = 1, #down, 2 do
      if bId ~= nil and math.abs(tonumber(down[i + 1]) - r) > bGap then break end
      consider(down[i])
    end
    local chosen, gap = bId, bGap
    if chosen == nil then chosen, gap = fId, fGap end
    if chosen ~= nil then
      local ta = redis.call('HGETALL', tp .. a)
      local tb = redis.call('HGETALL', tp .. chosen)
      for _, s in ipairs({a, chosen}) do
        redis.call('ZREM', KEYS[1], s)
        redis.call('ZREM', KEYS[2], s)
        redis.call('ZREM', KEYS[3], s)
        redis.call('DEL', tp .. s)
      end
      out[#out + 1] = {ta, tb, num(gap)}
    end
  end
end
return out
`,
);
