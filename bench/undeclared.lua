-- wrk: the undeclared query of bench/queries.sh with another $prefix value each request, so that no
-- two are the same query (the service refuses at once a query that ran past its limit lately)
local n = 0
local function urlencode(text)
  return (text:gsub("[^%w%-_.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
request = function()
  n = n + 1
  local where = '{"$or":[{"tags":{"$contains":"t3"}},{"author.id":{"$prefix":"a' .. n .. '-' .. math.random(1000000) .. '"}}]}'
  return wrk.format("GET", "/api/data/bench_posts?where=" .. urlencode(where) .. "&sort=title&limit=50")
end
