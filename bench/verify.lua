-- wrk: POST /api/v1/keys/verify, called with the secret key CALLER_KEY, judging JUDGED_KEY for a scope.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = os.getenv("CALLER_KEY")
wrk.body = '{"key":"' .. os.getenv("JUDGED_KEY") .. '","scopes":["links:write"]}'
