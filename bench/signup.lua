-- wrk: POST /api/userAuth/signup with the publishable key PUBLISHABLE_KEY, a new e-mail each
-- time. Prints the answers' statuses.
local counts = require "bench.status_counts"
local n = 0

setup = counts.setup
done = counts.done
response = function(status) counts.count(status) end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = os.getenv("PUBLISHABLE_KEY")

function request()
  n = n + 1
  return wrk.format(nil, nil, nil,
    '{"email":"flood-' .. id .. '-' .. n .. '-' .. math.random(1e9) .. '@example.com","password":"correct horse battery"}')
end
