"""The Redis scripts of the shared crawl: each one is atomic, so no two workers see a half-done step."""

from __future__ import annotations

# KEYS: queue, inflight(me)   ARGV: lease id
# Pop the best request and lease it in one step: a kill between the two cannot lose it.
POP_LEASE = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('HSET', KEYS[2], ARGV[1], r[2] .. '|' .. r[1])
return r[1]
"""

# KEYS: workers, queue   ARGV: inflight prefix, timeout seconds, me
# Heartbeat for me; give the leases of every worker silent for longer than the timeout back to the queue.
HEARTBEAT = """
local now = tonumber(redis.call('TIME')[1])
redis.call('HSET', KEYS[1], ARGV[3], now)
local moved = 0
local w = redis.call('HGETALL', KEYS[1])
for i = 1, #w, 2 do
  local name, seen = w[i], tonumber(w[i + 1])
  if name ~= ARGV[3] and now - seen > tonumber(ARGV[2]) then
    local key = ARGV[1] .. name
    for _, v in ipairs(redis.call('HVALS', key)) do
      local sep = string.find(v, '|', 1, true)
      redis.call('ZADD', KEYS[2], string.sub(v, 1, sep - 1), string.sub(v, sep + 1))
      moved = moved + 1
    end
    redis.call('DEL', key)
    redis.call('HDEL', KEYS[1], name)
  end
end
return moved
"""

# KEYS: inflight(worker), queue
# Put every lease of one worker back on the queue (a restarted worker's leftovers, or a clean stop).
REQUEUE = """
local moved = 0
for _, v in ipairs(redis.call('HVALS', KEYS[1])) do
  local sep = string.find(v, '|', 1, true)
  redis.call('ZADD', KEYS[2], string.sub(v, 1, sep - 1), string.sub(v, sep + 1))
  moved = moved + 1
end
redis.call('DEL', KEYS[1])
return moved
"""

# KEYS: crawl, queue, workers, dupefilter, finished   ARGV: inflight prefix
# End the crawl once the frontier is exhausted: forget its request fingerprints so the next run
# revisits the lists (the archived hash keeps articles from being fetched again). The run id stays
# in ``finished`` for a day: a worker that finds the crawl key gone can tell a finished crawl from
# one that vanished (Redis restarted without persistence, or flushed).
FINISH = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
for _, name in ipairs(redis.call('HKEYS', KEYS[3])) do
  if redis.call('HLEN', ARGV[1] .. name) > 0 then return 0 end
end
local run = redis.call('HGET', KEYS[1], 'run')
if run then redis.call('SET', KEYS[5], run, 'EX', 86400) end
redis.call('DEL', KEYS[1], KEYS[4])
return 1
"""

# KEYS: crawl, queue, workers, finished   ARGV: inflight prefix, the run this worker joined ('' if none yet)
# {state, run}: state 0 running, 1 over, 2 vanished (the crawl this worker joined is gone and did not
# finish, or another run replaced it); run: the crawl's run id once it is seeded.
FRONTIER_STATE = """
if ARGV[2] ~= '' and redis.call('GET', KEYS[4]) == ARGV[2] then return {1, ''} end
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[2] ~= '' and redis.call('GET', KEYS[4]) ~= ARGV[2] then return {2, ''} end
  return {1, ''}
end
local run = redis.call('HGET', KEYS[1], 'run') or ''
if ARGV[2] ~= '' and run ~= ARGV[2] then return {2, run} end
if redis.call('HGET', KEYS[1], 'seeded') ~= '1' then return {0, ''} end
if redis.call('ZCARD', KEYS[2]) > 0 then return {0, run} end
for _, name in ipairs(redis.call('HKEYS', KEYS[3])) do
  if redis.call('HLEN', ARGV[1] .. name) > 0 then return {0, run} end
end
return {1, run}
"""

# KEYS: archived   ARGV: url, version, content hash, entry json, worker
# Claim ``version`` of an article for a worker; 0 when another worker already archived this content
# or a version at least as new. Re-claiming one's own entry (after a restart) succeeds.
CLAIM = """
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
  local c = cjson.decode(cur)
  if c['h'] == ARGV[3] then
    if c['w'] == ARGV[5] and tonumber(c['v']) == tonumber(ARGV[2]) then return 1 end
    return 0
  end
  if tonumber(c['v']) >= tonumber(ARGV[2]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
return 1
"""

# KEYS: archived   ARGV: url, fetched_at, etag, last_modified
# A revisit of an archived article (200 unchanged or 304): note when and with which validators.
TOUCH = """
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then return 0 end
local c = cjson.decode(cur)
c['t'] = ARGV[2]
if ARGV[3] ~= '' then c['e'] = ARGV[3] end
if ARGV[4] ~= '' then c['m'] = ARGV[4] end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(c))
return 1
"""

# KEYS: crawl, workers   ARGV: me, run id
# 1 when this worker is to push the start URLs: the first of the crawl, or the successor of a seeder
# that left before it was done.
SEED_CLAIM = """
local by = redis.call('HGET', KEYS[1], 'seeded_by')
if not by then
  redis.call('HSET', KEYS[1], 'seeded_by', ARGV[1], 'run', ARGV[2])
  return 1
end
if redis.call('HGET', KEYS[1], 'seeded') == '1' then return 0 end
if by == ARGV[1] or redis.call('HEXISTS', KEYS[2], by) == 0 then
  redis.call('HSET', KEYS[1], 'seeded_by', ARGV[1])
  return 1
end
return 0
"""
