-- wrk: POST /api/v1/auth/identify with the publishable key named by the PUBLISHABLE_KEY variable.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"publishable_key":"' .. os.getenv("PUBLISHABLE_KEY") .. '"}'
