-- Shared by the flood scripts: counts answers by status in each wrk thread and prints the totals
-- as "statuses: 401=N 429=N ..." when wrk is done. Use: local counts = require "bench.status_counts"
local M = {}
local threads = {}

function M.setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function M.count(status)
  local name = "s" .. status
  _G[name] = (_G[name] or 0) + 1
end

function M.done()
  local totals = {}
  for _, thread in ipairs(threads) do
    for _, status in ipairs({ 200, 201, 401, 403, 429, 503 }) do
      totals[status] = (totals[status] or 0) + (thread:get("s" .. status) or 0)
    end
  end
  local line = "statuses:"
  for _, status in ipairs({ 200, 201, 401, 403, 429, 503 }) do
    if totals[status] > 0 then line = line .. " " .. status .. "=" .. totals[status] end
  end
  print(line)
end

return M
