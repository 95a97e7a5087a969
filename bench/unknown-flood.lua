-- wrk: every key of KEYS_FILE exactly once (GET with x-api-key), the THREADS threads taking
-- disjoint slices; each thread stops once its slice is answered. Prints the answers' statuses.
local counts = require "bench.status_counts"
local keys, sent, answered = {}, 0, 0

setup = counts.setup
done = counts.done

function init(args)
  local all = {}
  for line in io.lines(os.getenv("KEYS_FILE")) do all[#all + 1] = line end
  local step = tonumber(os.getenv("THREADS"))
  for i = id + 1, #all, step do keys[#keys + 1] = all[i] end
end

function request()
  sent = sent + 1
  -- past its slice (connections still open until the thread stops): the last key again, known by then
  return wrk.format("GET", nil, { ["x-api-key"] = keys[math.min(sent, #keys)] })
end

function response(status)
  counts.count(status)
  answered = answered + 1
  if answered >= #keys then wrk.thread:stop() end
end
