/**
 * Applies one batch's counter plan, appends its delta to the organization's live stream and
 * publishes it, all or nothing and at most once per batch: the marker key is set in the same
 * atomic script, so a retried job (or one whose worker died mid-way) cannot count twice.
 * While a rebuild runs (KEYS[4] exists) it refuses; the job waits and runs it again without
 * spending an attempt (pipeline/wait-for-dependencies.ts).
 *
 * KEYS[1] marker, KEYS[2] activity stream, KEYS[3] recent list, KEYS[4] rebuilding flag,
 * KEYS[5..] counter keys.
 * ARGV[1] plan as JSON: { incr: [[keyIndex, amount, ttl]], hincr: [[keyIndex, ttl, [[field, n]]]],
 *   hll: [[keyIndex, ttl, [member]]] }
 * ARGV[2] pub/sub channel, ARGV[3] marker ttl, ARGV[4] recent list length, ARGV[5] recent ttl,
 * ARGV[6] stream max length, ARGV[7..] the batch's events as JSON, oldest first. They are
 * passed once, as strings: the delta ({"events":[...]}) is joined from them here, and the
 * newest ARGV[4] go to the recent list (decoding and re-encoding in Lua would turn an empty
 * array into an object).
 * Returns the stream id of the delta, or false when the batch was already counted.
 */
export const COUNT_BATCH_SCRIPT = `
if redis.call('EXISTS', KEYS[4]) == 1 then
  return redis.error_reply('REBUILDING counters of this organization are being rebuilt; retry shortly')
end
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[3])) then return false end
local plan = cjson.decode(ARGV[1])
for _, op in ipairs(plan.incr) do
  redis.call('INCRBY', KEYS[op[1]], op[2])
  redis.call('EXPIRE', KEYS[op[1]], op[3])
end
for _, op in ipairs(plan.hincr) do
  for _, field in ipairs(op[3]) do
    redis.call('HINCRBY', KEYS[op[1]], field[1], field[2])
  end
  redis.call('EXPIRE', KEYS[op[1]], op[2])
end
for _, op in ipairs(plan.hll) do
  local members = op[3]
  for i = 1, #members, 500 do
    redis.call('PFADD', KEYS[op[1]], unpack(members, i, math.min(i + 499, #members)))
  end
  redis.call('EXPIRE', KEYS[op[1]], op[2])
end
for i = math.max(7, #ARGV - tonumber(ARGV[4]) + 1), #ARGV do
  redis.call('LPUSH', KEYS[3], ARGV[i])
end
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[4]) - 1)
redis.call('EXPIRE', KEYS[3], tonumber(ARGV[5]))
local delta = '{"events":[' .. table.concat(ARGV, ',', 7) .. ']}'
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', tonumber(ARGV[6]), '*', 'delta', delta)
redis.call('PUBLISH', ARGV[2], '{"id":"' .. id .. '","data":' .. delta .. '}')
return id
`;
