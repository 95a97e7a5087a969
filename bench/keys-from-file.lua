-- wrk: GET with x-api-key taken in turn from the file named by the KEYS_FILE variable.
local keys = {}
local next_key = 1

function init(args)
  for line in io.lines(os.getenv("KEYS_FILE")) do
    keys[#keys + 1] = line
  end
  -- threads start at different places so they do not send the same key at once
  next_key = (math.random(#keys))
end

function request()
  local key = keys[next_key]
  next_key = next_key % #keys + 1
  return wrk.format("GET", nil, { ["x-api-key"] = key })
end
